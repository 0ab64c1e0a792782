package org.sth.automation.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.io.Json;

class JsonlLedgerTest {

    @Test
    void readerSkipsATornLastLineAndTheNextAppendStaysWhole(@TempDir Path dir) throws Exception {
        // given two whole lines and a line torn by a crash
        Path file = dir.resolve("events.jsonl");
        JsonlLedger ledger = new JsonlLedger(file);
        ledger.append(Json.object().put("n", 1));
        ledger.append(Json.object().put("n", 2));
        Files.writeString(file, "{\"n\": 3, \"tor", StandardOpenOption.APPEND);

        // when
        JsonlLedger.Contents torn = JsonlLedger.read(file);
        ledger.append(Json.object().put("n", 4));
        JsonlLedger.Contents after = JsonlLedger.read(file);

        // then
        assertThat(torn.records()).extracting(r -> r.path("n").asInt()).containsExactly(1, 2);
        assertThat(torn.unreadableLines()).isEqualTo(1);
        assertThat(after.records()).extracting(r -> r.path("n").asInt()).containsExactly(1, 2, 4);
        assertThat(after.unreadableLines()).isEqualTo(1);
    }

    @Test
    void missingLedgerReadsAsEmpty(@TempDir Path dir) {
        assertThat(JsonlLedger.read(dir.resolve("none.jsonl")).records()).isEmpty();
    }
}
