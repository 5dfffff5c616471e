package org.carechain.bench.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** What a load driver records about the host it ran on, from /proc (Linux; "?" or 0 elsewhere). */
public final class Host {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private Host() {}

    /** The 1-, 5- and 15-minute load averages, e.g. {@code "1.52 1.20 0.98"}. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "?";
        }
    }

    /** nproc, CPU model, Java version and the load average, as one line's fields. */
    public static String facts() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (Exception ignored) {
            // not Linux
        }
        return "nproc=" + Runtime.getRuntime().availableProcessors() + " cpu='" + cpu + "' java=" + System.getProperty("java.version")
                + " load='" + loadAverage() + "'";
    }

    /** utime + stime of one process in seconds; 0 if it is gone. */
    public static double processCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: state is field 3, utime 14 and stime 15 (1-based).
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (Exception e) {
            return 0;
        }
    }

    /** The machine's busy and total CPU seconds since boot, summed over its cores. */
    public static double[] machineCpuSeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new double[] {(total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND};
        } catch (Exception e) {
            return new double[] {0, 0};
        }
    }
}
