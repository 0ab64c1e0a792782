package org.sth.automation.adapter.sysinfo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sth.automation.host.topology.LscpuParser;

/** The {@code memory} block of summary.json (current schema) from {@code /proc/meminfo} and {@code dmidecode -t memory}. */
public final class MemorySummary {

    private static final Set<String> NULL_VALUES = Set.of("Unknown", "None", "Not Specified", "");
    private static final Set<String> EMPTY_SLOT = Set.of("No Module Installed", "Not Installed");
    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+)\\s+kB\\s*$");
    private static final Pattern SIZE = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)\\s*(bytes|kB|KB|MB|GB|TB)$");
    private static final Pattern CHANNEL = Pattern.compile("(?i)\\bCHANNEL[\\s_-]*([A-Z0-9]+)\\b");
    private static final Pattern DIMM_LETTER = Pattern.compile("(?i)DIMM[\\s_-]?([A-Z]+)[\\s_-]?\\d+");
    private static final Pattern ZERO_SPEED = Pattern.compile("^0(\\.0+)?\\s.*");

    private MemorySummary() {
    }

    /** MemTotal in GiB (kB / 1024²), or null when meminfo is missing or has no MemTotal line. */
    public static Double totalGib(String meminfo) {
        if (meminfo == null) {
            return null;
        }
        Matcher matcher = MEM_TOTAL.matcher(meminfo.replace("\r", ""));
        return matcher.find() ? Long.parseLong(matcher.group(1)) / (1024.0 * 1024.0) : null;
    }

    /** A dmidecode size ("16 GB", "16384 MB") in GiB; null when absent or not a size. */
    public static Double sizeGib(String size) {
        if (size == null) {
            return null;
        }
        Matcher matcher = SIZE.matcher(size.strip());
        if (!matcher.matches()) {
            return null;
        }
        double amount = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "bytes" -> amount / (1024.0 * 1024 * 1024);
            case "kB", "KB" -> amount / (1024.0 * 1024);
            case "MB" -> amount / 1024.0;
            case "GB" -> amount;
            default -> amount * 1024.0;
        };
    }

    /** "Unknown", "None", "Not Specified" and "" become null; everything else is returned stripped. */
    public static String clean(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return NULL_VALUES.contains(stripped) ? null : stripped;
    }

    /**
     * Builds the memory block. Either input may be null (capture failed): counts then become null and lists empty;
     * nothing throws.
     */
    public static ObjectNode build(String meminfo, String dmiMemory) {
        List<DmiBlock> blocks = DmidecodeParser.blocks(dmiMemory);
        List<Map<String, String>> slots = new ArrayList<>();
        Integer arrayDevices = null;
        String maximumCapacity = null;
        for (DmiBlock block : blocks) {
            if ("Memory Device".equals(block.title())) {
                slots.add(block.fields());
            } else if ("Physical Memory Array".equals(block.title())) {
                Integer devices = LscpuParser.intOrNull(block.field("Number Of Devices"));
                if (devices != null) {
                    arrayDevices = (arrayDevices == null ? 0 : arrayDevices) + devices;
                }
                if (maximumCapacity == null) {
                    maximumCapacity = clean(block.field("Maximum Capacity"));
                }
            }
        }
        List<ObjectNode> devices = slots.stream().filter(MemorySummary::populated).map(MemorySummary::device).toList();
        boolean haveDmi = dmiMemory != null;

        ObjectNode memory = JsonNodeFactory.instance.objectNode();
        memory.put("total_gib", totalGib(meminfo));
        memory.put("slot_count", haveDmi ? slots.size() : null);
        memory.put("array_device_count", arrayDevices);
        memory.put("populated_count", haveDmi ? devices.size() : null);
        List<String> channelLabels = distinct(devices, d -> text(d, "channel_label"));
        memory.put("filled_channel_count", haveDmi ? channelLabels.size() : null);
        addAll(memory.putArray("filled_channel_labels"), channelLabels);
        addAll(memory.putArray("filled_channel_sources"), distinct(devices, d -> text(d, "channel_source")));
        memory.put("installed_gib", haveDmi ? installedGib(devices) : null);
        memory.put("maximum_capacity", maximumCapacity);
        List<String> types = distinct(devices, d -> text(d, "type"));
        memory.put("memory_type", types.isEmpty() ? null : types.get(0));
        addAll(memory.putArray("memory_types"), types);
        addAll(memory.putArray("type_details"), distinct(devices, d -> text(d, "type_detail")));
        addAll(memory.putArray("form_factors"), distinct(devices, d -> text(d, "form_factor")));
        List<String> configured = distinct(devices, d -> nonZeroSpeed(text(d, "configured_speed")));
        List<String> rated = distinct(devices, d -> nonZeroSpeed(text(d, "rated_speed")));
        memory.put("memory_speed", !configured.isEmpty() ? configured.get(0) : rated.isEmpty() ? null : rated.get(0));
        memory.put("configured_memory_speed", configured.isEmpty() ? null : configured.get(0));
        addAll(memory.putArray("configured_memory_speeds"), configured);
        memory.put("rated_memory_speed", rated.isEmpty() ? null : rated.get(0));
        addAll(memory.putArray("rated_memory_speeds"), rated);
        addAll(memory.putArray("capacity_layout"), capacityLayout(devices));
        addAll(memory.putArray("manufacturers"), distinct(devices, d -> text(d, "manufacturer")));
        addAll(memory.putArray("part_numbers"), distinct(devices, d -> text(d, "part_number")));
        ArrayNode deviceArray = memory.putArray("devices");
        devices.forEach(deviceArray::add);
        return memory;
    }

    private static boolean populated(Map<String, String> slot) {
        String size = clean(slot.get("Size"));
        if (size == null || EMPTY_SLOT.contains(size)) {
            return false;
        }
        Double gib = sizeGib(size);
        return gib == null || gib > 0;
    }

    private static ObjectNode device(Map<String, String> slot) {
        ObjectNode device = JsonNodeFactory.instance.objectNode();
        String locator = clean(slot.get("Locator"));
        String bankLocator = clean(slot.get("Bank Locator"));
        String size = clean(slot.get("Size"));
        device.put("locator", locator);
        device.put("bank_locator", bankLocator);
        device.put("size", size);
        device.put("size_gib", sizeGib(size));
        device.put("form_factor", clean(slot.get("Form Factor")));
        device.put("type", clean(slot.get("Type")));
        device.put("type_detail", clean(slot.get("Type Detail")));
        String configured = clean(slot.get("Configured Memory Speed"));
        device.put("configured_speed", configured != null ? configured : clean(slot.get("Configured Clock Speed")));
        device.put("rated_speed", clean(slot.get("Speed")));
        device.put("manufacturer", clean(slot.get("Manufacturer")));
        device.put("part_number", clean(slot.get("Part Number")));
        device.put("rank", clean(slot.get("Rank")));
        device.put("configured_voltage", clean(slot.get("Configured Voltage")));
        String[] channel = channel(locator, bankLocator);
        device.put("channel_label", channel[0]);
        device.put("channel_source", channel[1]);
        return device;
    }

    /** Best-effort channel: "CHANNEL X" in bank locator or locator, then DIMM&lt;letters&gt;&lt;n&gt;, then the raw string. */
    static String[] channel(String locator, String bankLocator) {
        for (String[] candidate : new String[][] {{"bank_locator", bankLocator}, {"locator", locator}}) {
            if (candidate[1] != null) {
                Matcher matcher = CHANNEL.matcher(candidate[1]);
                if (matcher.find()) {
                    return new String[] {"Channel " + matcher.group(1).toUpperCase(Locale.ROOT), candidate[0] + ":channel"};
                }
            }
        }
        for (String[] candidate : new String[][] {{"locator", locator}, {"bank_locator", bankLocator}}) {
            if (candidate[1] != null) {
                Matcher matcher = DIMM_LETTER.matcher(candidate[1]);
                if (matcher.find()) {
                    return new String[] {"DIMM " + matcher.group(1).toUpperCase(Locale.ROOT), candidate[0] + ":dimm"};
                }
            }
        }
        if (bankLocator != null) {
            return new String[] {bankLocator, "bank_locator:raw"};
        }
        return locator != null ? new String[] {locator, "locator:raw"} : new String[] {null, null};
    }

    private static Double installedGib(List<ObjectNode> devices) {
        double total = 0;
        for (ObjectNode device : devices) {
            if (device.hasNonNull("size_gib")) {
                total += device.get("size_gib").asDouble();
            }
        }
        return total;
    }

    private static List<String> capacityLayout(List<ObjectNode> devices) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        devices.forEach(d -> {
            String size = text(d, "size");
            if (size != null) {
                counts.merge(size, 1, Integer::sum);
            }
        });
        List<String> layout = new ArrayList<>();
        counts.forEach((size, count) -> layout.add(count + " x " + size));
        return layout;
    }

    private static String nonZeroSpeed(String speed) {
        return speed == null || ZERO_SPEED.matcher(speed).matches() ? null : speed;
    }

    private static String text(ObjectNode node, String key) {
        return node.hasNonNull(key) ? node.get(key).asText() : null;
    }

    private static List<String> distinct(List<ObjectNode> devices, Function<ObjectNode, String> value) {
        Set<String> seen = new LinkedHashSet<>();
        devices.forEach(d -> {
            String v = value.apply(d);
            if (v != null) {
                seen.add(v);
            }
        });
        return List.copyOf(seen);
    }

    private static void addAll(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
