import java.net.*;
import java.nio.*;
import java.nio.channels.*;
import java.nio.file.*;
import java.util.*;

/**
 * The floor of CPU job dispatch on this machine: a 64-byte round trip over a Unix socket between two JVMs, with
 * blocking or spinning reads on each end. Run from the repository root:
 * {@code java bench/src/SocketRoundTrip.java main <block|spin> <block|spin> <trips> [gap]} (parent, child; a gap of
 * 200 us between trips, as between jobs). Findings: bench/results/socket-round-trip-2026-12-03.md.
 */
public class SocketRoundTrip {
    public static void main(String[] a) throws Exception {
        String mode = a[0];
        Path path = Path.of(System.getProperty("java.io.tmpdir"), "jobpool-round-trip.sock");
        if (mode.equals("echo")) { // child: echo, blocking or spinning
            boolean spin = a[1].equals("spin");
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(path));
            ByteBuffer buf = ByteBuffer.allocateDirect(64);
            if (spin) ch.configureBlocking(false);
            while (true) {
                buf.clear();
                while (buf.hasRemaining()) {
                    int n = ch.read(buf);
                    if (n < 0) return;
                    if (n == 0) Thread.onSpinWait();
                }
                buf.flip();
                while (buf.hasRemaining()) ch.write(buf);
            }
        }
        boolean spinParent = a[1].equals("spin");
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "bench/src/SocketRoundTrip.java", "echo", a[2]).inheritIO().start();
        SocketChannel ch = server.accept();
        if (spinParent) ch.configureBlocking(false);
        ByteBuffer buf = ByteBuffer.allocateDirect(64);
        int n = Integer.parseInt(a[3]);
        long[] rtt = new long[n];
        for (int i = 0; i < n + 2000; i++) {
            long t0 = System.nanoTime();
            buf.clear(); buf.putLong(0, i);
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
            while (buf.hasRemaining()) { if (ch.read(buf) == 0) Thread.onSpinWait(); }
            long t = System.nanoTime() - t0;
            if (i >= 2000) rtt[i - 2000] = t;
            if (a.length > 4) Thread.sleep(0, 200_000); // a gap, as between jobs
        }
        Arrays.sort(rtt);
        System.out.printf("parent %s child %s: p50 %.1f us p90 %.1f p99 %.1f%n", a[1], a[2],
                rtt[n / 2] / 1e3, rtt[n * 9 / 10] / 1e3, rtt[n * 99 / 100] / 1e3);
        child.destroy();
    }
}
