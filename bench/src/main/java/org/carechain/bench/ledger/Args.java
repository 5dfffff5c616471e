package org.carechain.bench.ledger;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name=value} options of a load driver, with defaults where the caller gives one. */
public final class Args {

    private final Map<String, String> values = new HashMap<>();

    private Args() {}

    public static Args parse(String[] args) {
        Args parsed = new Args();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, got '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            parsed.values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return parsed;
    }

    public String string(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public long number(String name, long fallback) {
        return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
    }

    public List<String> list(String name) {
        return split(string(name));
    }

    public List<String> list(String name, String fallback) {
        return split(string(name, fallback));
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
