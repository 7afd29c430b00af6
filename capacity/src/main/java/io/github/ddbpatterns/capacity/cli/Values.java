package io.github.ddbpatterns.capacity.cli;

import io.github.ddbpatterns.capacity.ProvisionedBilling;
import io.github.ddbpatterns.capacity.ScheduledAction;
import io.github.ddbpatterns.capacity.TrafficProfile;
import io.github.ddbpatterns.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** Parses the command line's durations, times of day, schedules and billing names; errors name the option and value. */
final class Values {

    private Values() {}

    /** {@code 120}, {@code 120s}, {@code 2m}, {@code 1h}, {@code 1d}: whole seconds, zero allowed. */
    static int seconds(String option, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && "smhd".indexOf(t.charAt(t.length() - 1)) >= 0) {
            char u = t.charAt(t.length() - 1);
            unit = u == 's' ? 1 : u == 'm' ? 60 : u == 'h' ? 3600 : 86_400;
            t = t.substring(0, t.length() - 1);
        }
        long value;
        try {
            value = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(option, text, "be a duration such as 120, 120s, 2m, 1h or 1d", e);
        }
        if (value < 0 || value * unit > TrafficProfile.MAX_SECONDS) {
            throw InvalidInputException.of(option, text, "be a duration from 0 to 31 days");
        }
        return (int) (value * unit);
    }

    /** A second of the profile: {@code 36000}, or {@code HH:MM[:SS]} of the first day. */
    static int second(String option, String text) {
        String t = text.strip();
        if (!t.contains(":")) {
            try {
                long value = Long.parseLong(t);
                if (value >= 0 && value < TrafficProfile.MAX_SECONDS) {
                    return (int) value;
                }
            } catch (NumberFormatException e) {
                throw InvalidInputException.of(option, text, "be a second of the profile or HH:MM[:SS]", e);
            }
            throw InvalidInputException.of(option, text, "be a second from 0 to 31 days or HH:MM[:SS]");
        }
        String[] parts = t.split(":", -1);
        try {
            int h = Integer.parseInt(parts[0]);
            int m = Integer.parseInt(parts[1]);
            int s = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
            if (parts.length <= 3 && h >= 0 && h <= 23 && m >= 0 && m <= 59 && s >= 0 && s <= 59) {
                return h * 3600 + m * 60 + s;
            }
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(option, text, "be HH:MM[:SS] of the first day", e);
        }
        throw InvalidInputException.of(option, text, "be HH:MM[:SS] of the first day");
    }

    /** {@code TIME=WCU[/RCU],...}: each part a scheduled UpdateTable; RCU defaults to {@code rcu}. */
    static List<ScheduledAction> schedule(String option, String text, double rcu) {
        List<ScheduledAction> actions = new ArrayList<>();
        for (String raw : text.split(",")) {
            String part = raw.strip();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw InvalidInputException.of(
                        option, part, "be TIME=WCU[/RCU] parts separated by commas, e.g. 09:55=10000");
            }
            int second = second(option, part.substring(0, eq));
            String capacity = part.substring(eq + 1);
            int slash = capacity.indexOf('/');
            double wcu = units(option, slash < 0 ? capacity : capacity.substring(0, slash));
            double r = slash < 0 ? rcu : units(option, capacity.substring(slash + 1));
            actions.add(ScheduledAction.at(second, wcu, r));
        }
        if (actions.isEmpty()) {
            throw InvalidInputException.of(option, text, "hold at least one TIME=WCU part");
        }
        return actions;
    }

    /** A positive, finite number of capacity units. */
    static double units(String option, String text) {
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(option, text, "be a number of capacity units", e);
        }
        return positive(option, value);
    }

    static double positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw InvalidInputException.of(option, number(value), "be a finite number > 0");
        }
        return value;
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value)
                : String.valueOf(value);
    }

    /** Picocli converter of {@link #seconds}. */
    static final class Seconds implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return seconds("duration", value);
            } catch (InvalidInputException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration such as 120, 120s, 2m, 1h or 1d (at most 31 days)");
            }
        }
    }

    /** Picocli converter of {@code per-second} and {@code hourly-peak}. */
    static final class Billing implements CommandLine.ITypeConverter<ProvisionedBilling> {
        @Override
        public ProvisionedBilling convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "per-second", "per_second" -> ProvisionedBilling.PER_SECOND;
                case "hourly-peak", "hourly_peak" -> ProvisionedBilling.HOURLY_PEAK;
                default ->
                    throw new CommandLine.TypeConversionException("'" + value + "' is not per-second or hourly-peak");
            };
        }
    }
}
