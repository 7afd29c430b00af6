package io.github.ddbpatterns.capacity.cli;

import io.github.ddbpatterns.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code capacity} command line; its subcommand {@code plan} compares capacity strategies on a traffic profile
 * (see {@link #main(String[])}).
 *
 * <p>Exit codes: 0 done, 2 bad input or a file that cannot be read or written (one line on standard error naming
 * the option or field and the value, no stack trace), 1 an unexpected failure.
 */
@Command(
        name = "capacity",
        mixinStandardHelpOptions = true,
        versionProvider = CapacityCli.Version.class,
        subcommands = {PlanCommand.class, CommandLine.HelpCommand.class},
        description = "DynamoDB capacity planning: on-demand or provisioned, and why does auto-scaling still throttle?")
public final class CapacityCli implements Runnable {

    /** Exit code of bad input (picocli's usage code). */
    public static final int BAD_INPUT = CommandLine.ExitCode.USAGE;

    @Spec
    private CommandSpec spec;

    /** Made by picocli. */
    public CapacityCli() {}

    /**
     * Runs the command line and exits the JVM with its exit code. Charts are drawn headless.
     *
     * @param args for example {@code plan --generate baseline=100,spike=10000x120s@10:00 --out capacity-plan}
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with the project's error handling (bad input: one line, exit code {@link #BAD_INPUT}); call
     * {@link CommandLine#setOut}/{@link CommandLine#setErr} to capture its output, then
     * {@link CommandLine#execute(String...)}.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CapacityCli());
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr()
                    .println(
                            failed.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()) + " (see --help)");
            failed.getErr().flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, failed, parseResult) -> {
            if (e instanceof InvalidInputException || e instanceof UncheckedIOException || e instanceof IOException) {
                Throwable io = e instanceof UncheckedIOException ? e.getCause() : e;
                String message = e instanceof InvalidInputException
                        ? e.getMessage()
                        : (e == io ? "" : e.getMessage() + ": ") + io.getClass().getSimpleName() + " "
                                + io.getMessage();
                PrintWriter err = failed.getErr();
                err.println(failed.getCommandSpec().qualifiedName() + ": " + oneLine(message));
                err.flush();
                return BAD_INPUT;
            }
            throw e;
        });
        return cli;
    }

    /** Without a subcommand: says which one to use. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: use 'capacity plan'");
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The version shown by {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CapacityCli.class.getPackage().getImplementationVersion();
            return new String[] {"ddb-patterns capacity " + (version == null ? "(development build)" : version)};
        }
    }
}
