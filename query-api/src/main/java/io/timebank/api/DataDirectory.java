package io.timebank.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * What an instance keeps in its data directory besides Kafka's and Kafka Streams' own files: its
 * identity, and the laptop run's operator token. Secrets are readable by their owner only.
 */
final class DataDirectory {

    static final String INSTANCE_ID_FILE = "instance-id";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path root;

    DataDirectory(Path root) {
        this.root = root;
    }

    /**
     * This instance's stable identity: a random id made the first time the data directory is used
     * and read back on every later start. Two instances never share a data directory, so they never
     * share an identity; a restarted instance keeps its own (static membership takes its
     * partitions back at once instead of waiting out the killed one's session).
     */
    String instanceId() {
        Path file = root.resolve(INSTANCE_ID_FILE);
        try {
            Files.createDirectories(root);
            try {
                Files.writeString(file, UUID.randomUUID().toString(), StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException kept) {
                // made by an earlier start: keep it
            }
            String id = Files.readString(file).strip();
            if (id.isEmpty()) {
                throw new IllegalStateException(file + " is empty: delete it to make a new instance id");
            }
            return id;
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read or make " + file, unreadable);
        }
    }

    /** Writes {@code secret} to {@code name}, readable and writable by the owner only, from the first byte on. */
    Path writeSecret(String name, String secret) {
        Path file = root.resolve(name);
        try {
            Files.createDirectories(root);
            Files.deleteIfExists(file);
            boolean posix = Files.getFileStore(root).supportsFileAttributeView("posix");
            FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
            Files.createFile(file, ownerOnly);
            Files.writeString(file, secret, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write " + file, unwritable);
        }
    }
}
