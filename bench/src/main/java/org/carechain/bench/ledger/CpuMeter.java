package org.carechain.bench.ledger;

import org.carechain.bench.support.Host;
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
        groups.forEach((name, pids) -> seconds.put(name, pids.stream().mapToDouble(Host::processCpuSeconds).sum()));
        double[] machine = Host.machineCpuSeconds();
        return new Snapshot(seconds, machine[0], machine[1]);
    }

    static Snapshot difference(Snapshot from, Snapshot to) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        to.groups().forEach((name, value) -> seconds.put(name, value - from.groups().getOrDefault(name, 0.0)));
        return new Snapshot(seconds, to.machineBusy() - from.machineBusy(), to.machineTotal() - from.machineTotal());
    }

}
