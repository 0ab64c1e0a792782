package org.sth.automation.adapter.latency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An n x n core-to-core latency matrix in nanoseconds: cell [i][j] is the latency between CPU {@code cpuIds[i]} and
 * CPU {@code cpuIds[j]}, {@code null} where nothing was measured (diagonal, upper triangle of symmetric benchmarks).
 */
public final class LatencyMatrix {

    /** One measured cell, addressed by CPU ids. */
    public record Cell(int rowCpu, int columnCpu, double nanos) {
    }

    private final List<Integer> cpuIds;
    private final Double[][] cells;

    /** A matrix over {@code cpuIds} (row/column order); {@code cells} must be cpuIds.size() square and is copied. */
    public LatencyMatrix(List<Integer> cpuIds, Double[][] cells) {
        this.cpuIds = List.copyOf(cpuIds);
        int n = this.cpuIds.size();
        if (cells.length != n) {
            throw new IllegalArgumentException("Latency matrix has " + cells.length + " rows for " + n + " CPUs");
        }
        this.cells = new Double[n][];
        for (int i = 0; i < n; i++) {
            if (cells[i].length != n) {
                throw new IllegalArgumentException("Latency matrix row " + i + " has " + cells[i].length
                        + " cells, expected " + n);
            }
            this.cells[i] = Arrays.copyOf(cells[i], n);
        }
    }

    /** Number of CPUs (rows = columns). */
    public int size() {
        return cpuIds.size();
    }

    /** CPU ids in row/column order. */
    public List<Integer> cpuIds() {
        return cpuIds;
    }

    /** Cell by row and column index, {@code null} when not measured. */
    public Double at(int row, int column) {
        return cells[row][column];
    }

    /** Cell by CPU ids, {@code null} when not measured or a CPU is not in the matrix. */
    public Double between(int rowCpu, int columnCpu) {
        int row = cpuIds.indexOf(rowCpu);
        int column = cpuIds.indexOf(columnCpu);
        return row < 0 || column < 0 ? null : cells[row][column];
    }

    /** Every measured off-diagonal cell, row by row. */
    public List<Cell> measured() {
        List<Cell> out = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            for (int j = 0; j < cells.length; j++) {
                if (i != j && cells[i][j] != null) {
                    out.add(new Cell(cpuIds.get(i), cpuIds.get(j), cells[i][j]));
                }
            }
        }
        return out;
    }

    /** Whether only cells below the diagonal are measured (benchmarks 1 and 2 of core-to-core-latency). */
    public boolean isLowerTriangular() {
        for (int i = 0; i < cells.length; i++) {
            for (int j = i; j < cells.length; j++) {
                if (cells[i][j] != null) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether every off-diagonal cell is measured (benchmark 3, message passing, is asymmetric and full). */
    public boolean isFull() {
        return measured().size() == cells.length * (cells.length - 1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LatencyMatrix m && m.cpuIds.equals(cpuIds) && Arrays.deepEquals(m.cells, cells);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cpuIds, Arrays.deepHashCode(cells));
    }

    @Override
    public String toString() {
        return "LatencyMatrix[" + size() + "x" + size() + ", " + measured().size() + " measured]";
    }
}
