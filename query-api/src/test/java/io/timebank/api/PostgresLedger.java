package io.timebank.api;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The yardstick the issue names: a plain PostgreSQL table ledger with decaying balances and a fee
 * account, at PostgreSQL's default durability (synchronous commit, fsync), one transaction per
 * transfer or deposit. Started by the harness in a temporary directory on 127.0.0.1 with Debian's
 * server binaries (as the {@code postgres} user when run as root, since PostgreSQL refuses root).
 *
 * <p>A transfer: remember the command id, debit the sender its amount and fee if its decayed
 * balance covers them, credit the receiver, credit the fee account, write three entries. A
 * deposit: remember the activity id, credit the member, write one entry. Balances decay with the
 * product's τ (100 h) in the same statement that changes them. Rows are locked in id order so
 * transfers in opposite directions cannot deadlock.
 */
final class PostgresLedger implements AutoCloseable {

    private static final double TAU_SECONDS = Duration.ofHours(100).toSeconds();
    private static final String DECAYED = "account.balance * exp(-extract(epoch from (clock_timestamp() - account.at)) / "
        + TAU_SECONDS + ")";
    private static final BigDecimal FEE_RATE = new BigDecimal("0.001");
    private static final BigDecimal FEE_MINIMUM = new BigDecimal("0.000001");

    private final Path binaries;
    private final Path directory;
    private final boolean asPostgresUser;
    private final String url;

    private PostgresLedger(Path binaries, Path directory, boolean asPostgresUser, int port) {
        this.binaries = binaries;
        this.directory = directory;
        this.asPostgresUser = asPostgresUser;
        this.url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=timebank";
    }

    /** A running server with the ledger's tables, or empty (and why, printed) where PostgreSQL is not installed. */
    static Optional<PostgresLedger> start(int maxConnections) throws IOException, InterruptedException, SQLException {
        Optional<Path> binaries = binaries();
        if (binaries.isEmpty()) {
            System.out.println("PostgreSQL: skipped, no server binaries found (initdb, pg_ctl; Debian's package postgresql)");
            return Optional.empty();
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path directory = Files.createTempDirectory("timebank-load-postgres");
        if (root) {
            run(List.of("chown", "postgres", directory.toString()), false);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PostgresLedger ledger = new PostgresLedger(binaries.get(), directory, root, port);
        Path data = directory.resolve("data");
        ledger.pg(List.of("initdb", "-D", data.toString(), "-U", "timebank", "--auth=trust", "-E", "UTF8"));
        ledger.pg(List.of("pg_ctl", "-D", data.toString(), "-l", directory.resolve("server.log").toString(), "-w",
            "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + directory + " -c max_connections="
                + maxConnections, "start"));
        try (Connection connection = ledger.connect(); Statement schema = connection.createStatement()) {
            schema.execute("CREATE TABLE account (id text PRIMARY KEY, balance numeric(38, 6) NOT NULL, "
                + "at timestamptz NOT NULL)");
            schema.execute("CREATE TABLE entry (id bigserial PRIMARY KEY, account text NOT NULL, "
                + "amount numeric(38, 6) NOT NULL, at timestamptz NOT NULL, reference text NOT NULL)");
            schema.execute("CREATE TABLE activity_id (id text PRIMARY KEY)");
            schema.execute("CREATE TABLE command_id (sender text, id text, PRIMARY KEY (sender, id))");
            schema.execute("INSERT INTO account VALUES ('bank-fees', 0, clock_timestamp())");
        }
        return Optional.of(ledger);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** One deposit, committed: {@code amount} to {@code account}, once per activity id. */
    static void deposit(Connection connection, String activityId, String account, BigDecimal amount) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement id = connection.prepareStatement("INSERT INTO activity_id VALUES (?)");
             PreparedStatement credit = connection.prepareStatement("INSERT INTO account VALUES (?, ?, clock_timestamp()) "
                 + "ON CONFLICT (id) DO UPDATE SET balance = " + DECAYED + " + excluded.balance, "
                 + "at = clock_timestamp()");
             PreparedStatement entry = connection.prepareStatement("INSERT INTO entry (account, amount, at, reference) "
                 + "VALUES (?, ?, clock_timestamp(), ?)")) {
            id.setString(1, activityId);
            id.executeUpdate();
            credit.setString(1, account);
            credit.setBigDecimal(2, amount);
            credit.executeUpdate();
            entry.setString(1, account);
            entry.setBigDecimal(2, amount);
            entry.setString(3, activityId);
            entry.executeUpdate();
            connection.commit();
        } catch (SQLException failed) {
            connection.rollback();
            throw failed;
        }
    }

    /** One transfer, committed, or refused (false) when the sender's decayed balance does not cover amount and fee. */
    static boolean transfer(Connection connection, String commandId, String from, String to, BigDecimal amount)
        throws SQLException {
        BigDecimal fee = amount.multiply(FEE_RATE).setScale(6, RoundingMode.HALF_EVEN).max(FEE_MINIMUM);
        connection.setAutoCommit(false);
        try (PreparedStatement id = connection.prepareStatement("INSERT INTO command_id VALUES (?, ?)");
             PreparedStatement lock = connection.prepareStatement("SELECT id FROM account WHERE id IN (?, ?) ORDER BY id "
                 + "FOR UPDATE");
             PreparedStatement debit = connection.prepareStatement("UPDATE account SET balance = " + DECAYED + " - ?, "
                 + "at = clock_timestamp() WHERE id = ? AND " + DECAYED + " >= ?");
             PreparedStatement credit = connection.prepareStatement("UPDATE account SET balance = " + DECAYED + " + ?, "
                 + "at = clock_timestamp() WHERE id = ?");
             PreparedStatement entry = connection.prepareStatement("INSERT INTO entry (account, amount, at, reference) "
                 + "VALUES (?, ?, clock_timestamp(), ?), (?, ?, clock_timestamp(), ?), ('bank-fees', ?, clock_timestamp(), ?)")) {
            id.setString(1, from);
            id.setString(2, commandId);
            id.executeUpdate();
            lock.setString(1, from);
            lock.setString(2, to);
            lock.executeQuery().close();
            BigDecimal total = amount.add(fee);
            debit.setBigDecimal(1, total);
            debit.setString(2, from);
            debit.setBigDecimal(3, total);
            if (debit.executeUpdate() == 0) {
                connection.rollback();
                return false;
            }
            credit.setBigDecimal(1, amount);
            credit.setString(2, to);
            credit.executeUpdate();
            credit.setBigDecimal(1, fee);
            credit.setString(2, "bank-fees");
            credit.executeUpdate();
            entry.setString(1, from);
            entry.setBigDecimal(2, total.negate());
            entry.setString(3, commandId);
            entry.setString(4, to);
            entry.setBigDecimal(5, amount);
            entry.setString(6, commandId);
            entry.setBigDecimal(7, fee);
            entry.setString(8, commandId);
            entry.executeUpdate();
            connection.commit();
            return true;
        } catch (SQLException failed) {
            connection.rollback();
            throw failed;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        pg(List.of("pg_ctl", "-D", directory.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private void pg(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.set(0, binaries.resolve(command.getFirst()).toString());
        run(full, asPostgresUser);
    }

    private static void run(List<String> command, boolean asPostgresUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed: " + output);
        }
    }

    /** Debian installs the server under /usr/lib/postgresql/<version>/bin; the newest is taken. */
    private static Optional<Path> binaries() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(version -> version.resolve("bin"))
                .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                .max(java.util.Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString()
                    .replaceAll("\\D", "0"))));
        }
    }
}
