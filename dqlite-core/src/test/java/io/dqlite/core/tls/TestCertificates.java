package io.dqlite.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made with openssl for tests, in a directory: authorities, certificates they sign for 127.0.0.1 and
 * localhost, and self-signed cluster certificates as dqlite's documentation has them made.
 */
public final class TestCertificates {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private final Path directory;

    public TestCertificates(Path directory) {
        this.directory = directory;
    }

    /** Tells whether openssl is installed; tests that need certificates skip without it. */
    public static boolean opensslInstalled() {
        return Files.isExecutable(OPENSSL);
    }

    /** A certificate and its key, as PEM files. */
    public record Pair(Path certificate, Path key) {
    }

    /** Makes a self-signed authority called {@code name}. */
    public Pair authority(String name) throws IOException, InterruptedException {
        Pair pair = pair(name);
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", pair.key().toString(), "-out", pair.certificate().toString(), "-days", "2",
                "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return pair;
    }

    /** Makes a certificate called {@code name} for 127.0.0.1 and localhost, signed by {@code authority}. */
    public Pair signed(String name, Pair authority) throws IOException, InterruptedException {
        Pair pair = pair(name);
        Path request = directory.resolve(name + ".csr");
        Path extensions = directory.resolve(name + ".ext");
        Files.writeString(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n", StandardCharsets.US_ASCII);
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", pair.key().toString(), "-out", request.toString(), "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", request.toString(), "-CA", authority.certificate().toString(),
                "-CAkey", authority.key().toString(), "-CAcreateserial", "-out", pair.certificate().toString(),
                "-days", "2", "-extfile", extensions.toString());
        return pair;
    }

    /**
     * Makes a self-signed certificate called {@code name} for the DNS name {@code name}, 127.0.0.1 and localhost: the
     * one certificate every node and client of a dqlite cluster shares, trusting it alone.
     */
    public Pair cluster(String name) throws IOException, InterruptedException {
        Pair pair = pair(name);
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", pair.key().toString(), "-out", pair.certificate().toString(), "-days", "2",
                "-subj", "/CN=" + name, "-addext", "subjectAltName=DNS:" + name + ",IP:127.0.0.1,DNS:localhost");
        return pair;
    }

    private Pair pair(String name) {
        return new Pair(directory.resolve(name + ".crt"), directory.resolve(name + ".key"));
    }

    private void openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(arguments));
        Path output = directory.resolve("openssl.out");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", arguments) + " failed: "
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
    }
}
