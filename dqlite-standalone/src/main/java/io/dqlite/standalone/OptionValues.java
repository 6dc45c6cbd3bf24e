package io.dqlite.standalone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The values given to the standalone node, from its command line and then its environment, each remembered
 * with where it came from so that an error can name the flag or the variable to fix.
 */
final class OptionValues {

    /**
     * One value and where it came from.
     *
     * @param text the value as given
     * @param source the flag or environment variable that gave it, as an error message should name it
     */
    record Value(String text, String source) {
    }

    private final Map<StandaloneOption, Value> values;
    private final boolean helpRequested;
    private final List<String> unknownVariables;

    private OptionValues(Map<StandaloneOption, Value> values, boolean helpRequested, List<String> unknownVariables) {
        this.values = values;
        this.helpRequested = helpRequested;
        this.unknownVariables = unknownVariables;
    }

    /** Reads {@code arguments} ({@code --flag value} or {@code --flag=value}), then {@code environment} for flags not given. */
    static OptionValues parse(List<String> arguments, Map<String, String> environment) throws InvalidOptionException {
        Map<StandaloneOption, Value> values = new EnumMap<>(StandaloneOption.class);
        boolean help = false;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("--help") || argument.equals("-h")) {
                help = true;
                continue;
            }
            if (!argument.startsWith("--")) {
                throw new InvalidOptionException("unexpected argument '" + argument
                        + "': every setting is a flag, such as --node-id 2");
            }
            int equals = argument.indexOf('=');
            String flag = equals < 0 ? argument : argument.substring(0, equals);
            StandaloneOption option = StandaloneOption.forFlag(flag).orElseThrow(() -> new InvalidOptionException(
                    "unknown flag " + flag + "; known flags: " + knownFlags()));
            String text;
            if (equals >= 0) {
                text = argument.substring(equals + 1);
            } else if (i + 1 < arguments.size() && !arguments.get(i + 1).startsWith("--")) {
                text = arguments.get(++i);
            } else {
                throw new InvalidOptionException(flag + " needs a value (" + flag + " VALUE or " + flag + "=VALUE)");
            }
            if (values.put(option, new Value(text, flag)) != null) {
                throw new InvalidOptionException(flag + " is given twice");
            }
        }
        List<String> unknownVariables = new ArrayList<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            if (!variable.getKey().startsWith("DQLITE_") || variable.getValue().isEmpty()) {
                continue;
            }
            Optional<StandaloneOption> option = StandaloneOption.forEnvironmentVariable(variable.getKey());
            if (option.isEmpty()) {
                unknownVariables.add(variable.getKey());
            } else {
                values.putIfAbsent(option.get(), new Value(variable.getValue(), "environment variable " + variable.getKey()));
            }
        }
        return new OptionValues(values, help, List.copyOf(unknownVariables));
    }

    /** Returns the value of {@code option}, if the command line or the environment gave one. */
    Optional<Value> get(StandaloneOption option) {
        return Optional.ofNullable(values.get(option));
    }

    /** Tells whether {@code --help} was given. */
    boolean helpRequested() {
        return helpRequested;
    }

    /** Returns the environment variables that start with DQLITE_ but set nothing: likely misspelt. */
    List<String> unknownVariables() {
        return unknownVariables;
    }

    private static String knownFlags() {
        return String.join(", ", new TreeSet<>(Arrays.stream(StandaloneOption.values()).map(StandaloneOption::flag).toList()))
                + ", --help";
    }
}
