import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The events stream under load (issue 12): {@value #SUBSCRIBERS} clients each watching its own jobs (a label
 * filter, as a client that follows what it submitted) plus {@value #DASHBOARDS} unfiltered dashboards, while jobs
 * are submitted at {@value #RATE}/s; against the same submissions with nobody subscribed, in the same invocation.
 * Every job has three events (submitted, started, succeeded), and each one must reach its client and every
 * dashboard. Part of {@code Bench} (section {@code events}); compiled with it by the source launcher.
 */
final class EventsBench {

    static final int SUBSCRIBERS = 1000;
    static final int DASHBOARDS = 10;
    static final int RATE = 2000;
    static final int SECONDS = 10;
    static final int IN_FLIGHT = 256;
    /** A trivial job's events; progress, which a 0 s sleep may or may not show, is not counted. */
    /** The heap left after the last collection: what is held, not the garbage ZGC has yet to take. */
    static final String LIVE_HEAP = "jvm.gc.live.data.size";
    static final Set<String> COUNTED = Set.of("submitted", "started", "succeeded");

    /**
     * One stream on a socket of its own, read on its own platform thread: counts the events and keeps their
     * latencies in ms. Not the JDK's HttpClient, which reads every connection on one selector thread, and not a
     * virtual thread, which waits behind this load generator's own work before it reads: either would measure the
     * client rather than the service (a real subscriber is a process of its own).
     */
    static final class Subscriber {
        final AtomicInteger events = new AtomicInteger();
        final AtomicInteger resets = new AtomicInteger();
        final List<Double> latencies = new ArrayList<>();
        private final Socket socket;

        Subscriber(String query) throws IOException {
            URI base = URI.create(Bench.base);
            socket = new Socket(base.getHost(), base.getPort());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/events" + query + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nAccept: text/event-stream\r\nAuthorization: " + Bench.AUTHORIZATION + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedInputStream in = new BufferedInputStream(socket.getInputStream(), 65_536)) {
                    while (!line(in).isEmpty()) {
                        // the status line and headers (Transfer-Encoding: chunked)
                    }
                    read(new BufferedReader(new InputStreamReader(new Dechunked(in), StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    // closed at the end of the run
                }
            });
        }

        private void read(BufferedReader in) throws IOException {
            String event = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && event != null) {
                    long received = System.currentTimeMillis();
                    if (event.equals("reset")) {
                        resets.incrementAndGet();
                    } else if (COUNTED.contains(event)) {
                        int at = line.indexOf("\"time\":\"") + 8;
                        Instant time = Instant.parse(line.substring(at, line.indexOf('"', at)));
                        synchronized (latencies) {
                            latencies.add((double) (received - time.toEpochMilli()));
                        }
                        events.incrementAndGet();
                    }
                    event = null;
                }
            }
        }

        void close() throws IOException {
            socket.close();
        }
    }

    /** An HTTP/1.1 chunked body as the bytes it carries. */
    static final class Dechunked extends InputStream {
        private final InputStream in;
        private int left;

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left == 0) {
                String size = line(in);
                if (size.isEmpty()) {
                    size = line(in); // the CRLF that ends the previous chunk
                }
                int semicolon = size.indexOf(';');
                left = Integer.parseInt(semicolon < 0 ? size.strip() : size.substring(0, semicolon).strip(), 16);
                if (left == 0) {
                    return -1;
                }
            }
            int read = in.read(buffer, offset, Math.min(length, left));
            if (read > 0) {
                left -= read;
            }
            return read;
        }
    }

    /** A CRLF-ended line of ASCII, without the CRLF; empty at the end of the stream. */
    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    static void run(Path jar) throws Exception {
        Map<Boolean, List<Double>> rates = new LinkedHashMap<>();
        Map<Boolean, List<Double>> heaps = new LinkedHashMap<>();
        List<Double> p50s = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        List<Double> delivered = new ArrayList<>();
        List<Integer> resets = new ArrayList<>();
        for (int run = 0; run < Math.min(Bench.runs, 3); run++) {
            for (boolean subscribed : new boolean[] {false, true}) {
                Bench.withService(jar, () -> {
                    submit(RATE / 2, 2); // warm-up: the JIT, the store's connections
                    Bench.awaitIoDrained();
                    List<Subscriber> subscribers = new ArrayList<>();
                    if (subscribed) {
                        for (int i = 0; i < SUBSCRIBERS; i++) {
                            subscribers.add(new Subscriber("?label=client:c" + i));
                        }
                        for (int i = 0; i < DASHBOARDS; i++) {
                            subscribers.add(new Subscriber(""));
                        }
                        awaitSubscribed(SUBSCRIBERS + DASHBOARDS);
                    }
                    Bench.HeapSampler heap = Bench.HeapSampler.start(LIVE_HEAP);
                    int jobs = RATE * SECONDS;
                    long serviceBefore = Bench.cpuMillis(Bench.servicePid);
                    long systemBefore = Bench.systemCpuMillis(Bench.servicePid);
                    long clientBefore = Bench.cpuMillis(ProcessHandle.current().pid());
                    long started = System.nanoTime();
                    double rate = submit(RATE, SECONDS);
                    double cores = (System.nanoTime() - started) / 1e8 * Runtime.getRuntime().availableProcessors(); // ms per 1% of the cores
                    System.out.printf(Locale.ROOT, "events: %s subscribers: %.0f jobs/s; of the cores, the service used %.0f%% (%.0f%% in "
                                    + "the kernel), this load generator (and its subscribers) %.0f%%%n", subscribed ? "with" : "without", rate,
                            (Bench.cpuMillis(Bench.servicePid) - serviceBefore) / cores,
                            (Bench.systemCpuMillis(Bench.servicePid) - systemBefore) / cores,
                            (Bench.cpuMillis(ProcessHandle.current().pid()) - clientBefore) / cores);
                    Bench.awaitIoDrained();
                    Thread.sleep(2000); // the last events on their way
                    heaps.computeIfAbsent(subscribed, ignored -> new ArrayList<>()).add(heap.stop());
                    rates.computeIfAbsent(subscribed, ignored -> new ArrayList<>()).add(rate);
                    if (subscribed) {
                        // three events per job: to its own client, and to every dashboard
                        long expected = 3L * jobs * (1 + DASHBOARDS);
                        long got = 0;
                        int resetCount = 0;
                        List<Double> latencies = new ArrayList<>();
                        for (Subscriber subscriber : subscribers) {
                            got += subscriber.events.get();
                            resetCount += subscriber.resets.get();
                            synchronized (subscriber.latencies) {
                                latencies.addAll(subscriber.latencies);
                            }
                            subscriber.close();
                        }
                        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                        p50s.add(sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2]);
                        p99s.add(sorted.length == 0 ? Double.NaN : sorted[(int) (sorted.length * 0.99)]);
                        delivered.add(100.0 * got / expected);
                        resets.add(resetCount);
                        System.out.printf(Locale.ROOT, "events: %d of %d delivered, %d resets, p50 %.0f ms, p99 %.0f ms%n",
                                got, expected, resetCount, p50s.getLast(), p99s.getLast());
                    }
                });
            }
        }
        Bench.rows.add(new Bench.Row("POST at " + RATE + "/s offered (" + IN_FLIGHT + " in flight) with " + SUBSCRIBERS
                + " label-filtered SSE subscribers + " + DASHBOARDS + " unfiltered", "jobs/s", new Bench.Stats(rates.get(true)),
                "no subscribers", new Bench.Stats(rates.get(false)), "≥ 0.85× no subscribers",
                String.format(Locale.ROOT, "events delivered %s%% (min %.3f%%), resets %s; change → subscriber p50 %.0f ms, "
                        + "p99 %.0f ms (goal < 1 s; median of runs, max p99 %.0f ms); peak live heap after GC %.0f MB with, %.0f MB without; "
                        + "each run a fresh service on SQLite", fmtPercent(new Bench.Stats(delivered).median()),
                        new Bench.Stats(delivered).min(), resets, new Bench.Stats(p50s).median(), new Bench.Stats(p99s).median(),
                        new Bench.Stats(p99s).max(), new Bench.Stats(heaps.get(true)).median(),
                        new Bench.Stats(heaps.get(false)).median())));
    }

    private static String fmtPercent(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * Submits trivial jobs (each labelled for one of the clients) at {@code rate}/s for {@code seconds}, at most
     * {@value #IN_FLIGHT} at a time; returns the rate of accepted jobs, first send to last answer.
     */
    static double submit(int rate, int seconds) throws Exception {
        int jobs = rate * seconds;
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            String body = "{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"},\"labels\":{\"client\":\"c" + (i % SUBSCRIBERS) + "\"}}";
            Bench.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(Bench.base + "/api/v1/jobs"))
                            .header("Authorization", Bench.AUTHORIZATION).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        if (failure == null && response.statusCode() == 202) {
                            accepted.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(IN_FLIGHT);
        double took = (System.nanoTime() - start) / 1e9;
        if (refused.get() > 0) {
            System.out.println("events: " + refused.get() + " submissions were refused");
        }
        return accepted.get() / took;
    }

    private static void awaitSubscribed(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String metrics = Bench.get("/actuator/prometheus");
            if (Double.parseDouble(Bench.find(metrics, "jobpool_events_subscribers(?:\\{[^}]*})? ([0-9.]+)")) >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the subscribers did not all connect");
    }

    private EventsBench() {
    }
}
