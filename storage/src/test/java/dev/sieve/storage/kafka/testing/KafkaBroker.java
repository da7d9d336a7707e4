package dev.sieve.storage.kafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka 4.1 broker (KRaft, broker and controller in one process) in its own JVM, from the
 * jars the kafka-broker module copies to {@code kafka-broker/target/lib} (build it first:
 * {@code mvn -pl kafka-broker package}). Listens on free 127.0.0.1 ports that survive a
 * {@link #restart()}. Tests share one per JVM through {@link #shared()}.
 */
public final class KafkaBroker {
    private static final String LIB = "kafka-broker/target/lib";
    private static final long READY_TIMEOUT_MILLIS = 60_000;
    private static KafkaBroker shared;

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** The test JVM's broker, started on first use; killed and deleted when the JVM exits. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            Path dir = createTempDir();
            KafkaBroker broker = start(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.kill();
                deleteRecursively(dir);
            }, "test-kafka-cleanup"));
            shared = broker;
        }
        return shared;
    }

    /** Formats a new single-node cluster in {@code dir} and starts it; returns once it answers. */
    public static KafkaBroker start(Path dir) {
        OrphanBrokers.reap();
        KafkaBroker broker = new KafkaBroker(dir.toAbsolutePath(), freePort(), freePort());
        broker.writeConfig();
        broker.format();
        broker.launch();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGTERM (controlled shutdown), then SIGKILL after 20 s. */
    public synchronized void stop() {
        if (running()) {
            process.destroy();
            waitForExit(20);
        }
        OrphanBrokers.forget(process);
    }

    /** SIGKILL: no controlled shutdown, like a crashed machine (the log is fsynced as Kafka does). */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit(20);
            OrphanBrokers.forget(process);
        }
    }

    /** Starts the same broker again (same data, same ports) after {@link #stop()} or {@link #kill()}. */
    public synchronized void restart() {
        if (running()) {
            throw new IllegalStateException("the broker is running");
        }
        launch();
    }

    private void waitForExit(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void writeConfig() {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "") ;
        String logging = String.join("\n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.out.ref=out",
                "appender.out.type=Console",
                "appender.out.name=out",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=%d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
                "");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("server.properties"), config, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("log4j2.properties"), logging, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format() {
        Process format = run(List.of("kafka.tools.StorageTool", "format", "--standalone",
                "-t", Uuid.randomUuid().toString(), "-c", dir.resolve("server.properties").toString()));
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka log dir failed; see " + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            format.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    private synchronized void launch() {
        process = run(List.of("kafka.Kafka", dir.resolve("server.properties").toString()));
        OrphanBrokers.remember(process);
        try {
            awaitReady();
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    private Process run(List<String> mainAndArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", libDir() + "/*"));
        command.addAll(mainAndArgs);
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start java for Kafka", e);
        }
    }

    private void awaitReady() {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (!portAnswers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + log());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Kafka did not listen within 60 s; see " + log());
            }
            sleep(100);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.describeCluster().nodes().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not answer metadata requests; see " + log(), e);
        }
    }

    private boolean portAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path log() {
        return dir.resolve("broker.log");
    }

    /** Walks up from the working directory to the repository root that has the broker's jars. */
    static Path libDir() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path lib = at.resolve(LIB);
            if (Files.isDirectory(lib)) {
                return lib;
            }
        }
        throw new IllegalStateException(LIB + " not found above " + Path.of("").toAbsolutePath()
                + ": build it with `mvn -pl kafka-broker package`");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("sieve-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
