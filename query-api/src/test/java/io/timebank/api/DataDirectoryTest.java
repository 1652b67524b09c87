package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @Test
    void anInstanceKeepsItsIdentityAcrossRestartsAndTwoDirectoriesNeverShareOne(@TempDir Path root) {
        String first = new DataDirectory(root.resolve("a")).instanceId();
        String restarted = new DataDirectory(root.resolve("a")).instanceId();
        String other = new DataDirectory(root.resolve("b")).instanceId();

        assertThat(restarted).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aSecretIsReadableByItsOwnerOnly(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("operator.token"), "an older token, made world-readable");

        Path file = new DataDirectory(root).writeSecret("operator.token", "secret");

        assertThat(Files.readString(file)).isEqualTo("secret");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(DataDirectory.OWNER_ONLY);
    }
}
