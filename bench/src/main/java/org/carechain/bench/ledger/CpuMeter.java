package org.carechain.bench.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the processes under test, from /proc, between two snapshots: each validator JVM,
 * the PostgreSQL backends serving the bench databases, this driver, and the whole machine (which
 * shows what other users of the shared host took meanwhile).
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /** CPU seconds per group, and the machine's busy and total CPU seconds. */
    record Snapshot(Map<String, Double> groups, double machineBusy, double machineTotal) {}

    private final Map<String, List<Long>> groups = new LinkedHashMap<>();

    CpuMeter(List<Long> validatorPids, Connection anyBenchDb) throws SQLException {
        for (int i = 0; i < validatorPids.size(); i++) {
            groups.put("validator-" + i, List.of(validatorPids.get(i)));
        }
        List<Long> backends = new ArrayList<>();
        try (var statement = anyBenchDb.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT pid FROM pg_stat_activity WHERE datname LIKE 'carechain_bench%' AND pid <> pg_backend_pid()")) {
            while (rows.next()) {
                backends.add(rows.getLong(1));
            }
        }
        groups.put("postgres-backends", backends);
        groups.put("driver", List.of(ProcessHandle.current().pid()));
    }

    Snapshot snapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        groups.forEach((name, pids) -> seconds.put(name, pids.stream().mapToDouble(CpuMeter::processSeconds).sum()));
        double[] machine = machineSeconds();
        return new Snapshot(seconds, machine[0], machine[1]);
    }

    static Snapshot difference(Snapshot from, Snapshot to) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        to.groups().forEach((name, value) -> seconds.put(name, value - from.groups().getOrDefault(name, 0.0)));
        return new Snapshot(seconds, to.machineBusy() - from.machineBusy(), to.machineTotal() - from.machineTotal());
    }

    /** utime + stime of one process, 0 if it is gone. */
    private static double processSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: state is field 3, utime 14 and stime 15 (1-based).
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double[] machineSeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new double[] {(total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND};
        } catch (IOException e) {
            return new double[] {0, 0};
        }
    }
}
