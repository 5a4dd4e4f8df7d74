import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * jobpool's benchmark: each figure is measured side by side with its peer (Python, or the bare-JVM limit) in
 * this one invocation, runs alternating, and reported as medians with min–max and a ratio.
 *
 * <p>Usage: java bench/src/Bench.java &lt;jobpool.jar&gt; [runs]. Started by {@code bench/run}.
 */
public class Bench {

    static final Path BENCH = Path.of("bench");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

    /** Every service here has this admin key, as a production one has a key: the figures include authentication. */
    static final String BENCH_KEY = "jp_bench0admin0key0for0the0benchmark0services";
    static final String AUTHORIZATION = "Bearer " + BENCH_KEY;

    record Row(String figure, String unit, Stats jobpool, String peerName, Stats peer, String goal, String note) {

        double ratio() {
            return peer == null ? Double.NaN : jobpool.median() / peer.median();
        }
    }

    record Stats(List<Double> values) {

        double median() {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        static Stats of(double... values) {
            return new Stats(Arrays.stream(values).boxed().toList());
        }
    }

    static final List<Row> rows = new ArrayList<>();
    static int runs;
    /** Sections to run (sleep, submit, http, map, cpu, workers, store, security, events, jmh); all when empty. */
    static List<String> sections;

    static boolean selected(String section) {
        return sections.isEmpty() || sections.contains(section);
    }
    static String base;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        sections = args.length > 2 ? Arrays.stream(args[2].split(",")).filter(s -> !s.isBlank()).toList() : List.of();
        Instant started = Instant.now();
        Process delayServer = startDelayServer(200);
        int delayPort = Integer.parseInt(new BufferedReader(new InputStreamReader(delayServer.getInputStream())).readLine());
        try {
            // a fresh service per section: no section pays for the results another one left behind
            if (selected("sleep")) {
                withService(jar, Bench::sleepMaps);
            }
            if (selected("submit")) {
                withService(jar, () -> submissions(delayServer));
            }
            if (selected("http")) {
                withService(jar, () -> httpJobs(delayServer, delayPort));
            }
            if (selected("map")) {
                withService(jar, Bench::squareMaps);
            }
            if (selected("cpu")) {
                cpuJobs(jar);
            }
            if (selected("workers")) {
                withService(jar, Bench::workerSpawns);
                withService(jar, () -> dispatchOverhead("the memory store"), "--jobpool.store.type=memory");
                workerBoots(jar);
            }
            if (sections.contains("dispatch")) { // the dispatch rows of "workers" alone
                withService(jar, () -> dispatchOverhead("the embedded store"));
                withService(jar, () -> dispatchOverhead("the memory store"), "--jobpool.store.type=memory");
            }
            if (selected("store")) {
                stores(jar);
            }
            if (selected("security")) {
                securityOverhead(jar);
            }
            if (selected("events")) {
                EventsBench.run(jar);
            }
            if (selected("jmh")) {
                jmhRows();
            }
        } finally {
            delayServer.destroyForcibly();
        }
        writeResults(Duration.between(started, Instant.now()));
    }

    // --- 1. waiting: a map of sleep 1s items vs virtual threads in-process vs Python threads

    static void sleepMaps() throws Exception {
        for (int n : new int[] {10_000, 100_000}) {
            String spec = "{\"type\":\"sleep\",\"timeout\":\"1m\",\"items\":"
                    + repeat("{\"duration\":\"1s\"}", n) + "}";
            runJob(spec); // warm-up
            List<Double> jobpool = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            List<Double> python = new ArrayList<>();
            List<Double> pythonRss = new ArrayList<>();
            double peakHeapMb = 0;
            for (int run = 0; run < runs; run++) {
                HeapSampler heap = HeapSampler.start();
                jobpool.add(runJob(spec));
                peakHeapMb = Math.max(peakHeapMb, heap.stop());
                bare.add(time(() -> bareVirtualThreadSleeps(n)));
                if (n <= 10_000) {
                    Map<String, Double> py = python("sleep_threads.py", Integer.toString(n));
                    python.add(py.get("seconds"));
                    pythonRss.add(py.get("peak_rss_mb"));
                }
            }
            String goal = n == 10_000 ? "done ≤ 1.3 s after submit" : "done ≤ 2.5 s, heap < 1 GiB";
            rows.add(new Row("sleep 1s × " + fmtInt(n) + " items, one map job: submit → result", "s",
                    new Stats(jobpool), "bare virtual threads, in-process", new Stats(bare), goal,
                    String.format(Locale.ROOT, "wall time / 1 s = %.2f; service heap peak %.0f MB under -Xmx1g, "
                            + "process peak RSS %.0f MB", new Stats(jobpool).median(), peakHeapMb, servicePeakRssMb())));
            if (n == 100_000) {
                // Python's thread-per-task at 100,000 takes ~30 s: measured once, not alternated
                Map<String, Double> py = python("sleep_threads.py", Integer.toString(n));
                rows.add(new Row("sleep 1s × 100,000: jobpool vs Python one-thread-per-task (1 Python run)", "s",
                        new Stats(jobpool), "python3 threading.Thread × 100,000", Stats.of(py.get("seconds")), "faster than Python",
                        String.format(Locale.ROOT, "Python peak RSS %.0f MB", py.get("peak_rss_mb"))));
            }
            if (!python.isEmpty()) {
                rows.add(new Row("sleep 1s × " + fmtInt(n) + ": jobpool vs Python one-thread-per-task", "s",
                        new Stats(jobpool), "python3 threading.Thread × " + fmtInt(n), new Stats(python), "faster than Python",
                        String.format(Locale.ROOT, "Python peak RSS %.0f MB", new Stats(pythonRss).median())));
                List<Double> pool = new ArrayList<>();
                List<Double> poolRss = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    Map<String, Double> py = python("sleep_pool.py", Integer.toString(n), "1000");
                    pool.add(py.get("seconds"));
                    poolRss.add(py.get("peak_rss_mb"));
                }
                rows.add(new Row("sleep 1s × " + fmtInt(n) + ": jobpool vs Python ThreadPoolExecutor(1000)", "s",
                        new Stats(jobpool), "python3 ThreadPoolExecutor(1000).map", new Stats(pool), "faster than Python",
                        String.format(Locale.ROOT, "Python peak RSS %.0f MB", new Stats(poolRss).median())));
            }
        }
    }

    static long servicePid;

    /** The service's peak resident memory so far (VmHWM), from /proc. */
    static double servicePeakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + servicePid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    static void bareVirtualThreadSleeps(int n) throws InterruptedException {
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    // --- 2. submission: single-job POSTs with keep-alive (wrk), while the jobs run

    static void submissions(Process delayServer) throws Exception {
        if (!commandExists("wrk")) {
            System.out.println("wrk is not installed (apt-get install wrk): skipping the submission figure");
            return;
        }
        String url = base + "/api/v1/jobs";
        wrk(url, 4, 5); // warm-up
        for (int connections : new int[] {4, 16}) {
            List<Double> rates = new ArrayList<>();
            List<Double> p99s = new ArrayList<>();
            List<Double> p50s = new ArrayList<>();
            List<Double> serviceShare = new ArrayList<>();
            for (int run = 0; run < Math.min(runs, 3); run++) {
                long cpuBefore = cpuMillis(servicePid);
                Map<String, Double> result = wrk(url, connections, 8);
                serviceShare.add((cpuMillis(servicePid) - cpuBefore) / 1000.0 / 8 / CORES);
                rates.add(result.get("rps"));
                p99s.add(result.get("p99"));
                p50s.add(result.get("p50"));
                awaitIdle();
            }
            rows.add(new Row("POST /api/v1/jobs, keep-alive, " + connections + " connections (wrk)", "jobs/s",
                    new Stats(rates), null, null, "≥ 10,000 jobs/s, p99 < 10 ms",
                    String.format(Locale.ROOT, "latency p50 %.2f ms, p99 %.2f ms (median of runs; p99 range %.1f–%.1f ms); "
                            + "the service used %.0f%% of the %d cores, wrk and the kernel the rest",
                            new Stats(p50s).median(), new Stats(p99s).median(), new Stats(p99s).min(), new Stats(p99s).max(),
                            new Stats(serviceShare).median() * 100, CORES)));
        }
    }

    static Map<String, Double> wrk(String url, int connections, int seconds) throws Exception {
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency", "-H", "Authorization: " + AUTHORIZATION,
                "-s", BENCH.resolve("post.lua").toString(), url).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("rps", Double.parseDouble(find(out, "Requests/sec:\\s+([0-9.]+)")));
        result.put("p50", millis(find(out, "50%\\s+([0-9.]+[a-z]+)")));
        result.put("p99", millis(find(out, "99%\\s+([0-9.]+[a-z]+)")));
        return result;
    }

    // --- 9. security: single-job POSTs with an API key against the same with security off

    static void securityOverhead(Path jar) throws Exception {
        if (!commandExists("wrk")) {
            System.out.println("wrk is not installed (apt-get install wrk): skipping the security figure");
            return;
        }
        Map<Boolean, List<Double>> rates = new LinkedHashMap<>();
        Map<Boolean, List<Double>> p99s = new LinkedHashMap<>();
        for (int run = 0; run < Math.min(runs, 3); run++) {
            for (boolean secured : new boolean[] {false, true}) {
                withService(jar, () -> {
                    String url = base + "/api/v1/jobs";
                    wrk(url, 16, 5); // warm-up
                    Map<String, Double> result = wrk(url, 16, 8);
                    rates.computeIfAbsent(secured, ignored -> new ArrayList<>()).add(result.get("rps"));
                    p99s.computeIfAbsent(secured, ignored -> new ArrayList<>()).add(result.get("p99"));
                }, secured ? new String[0] : new String[] {"--jobpool.security.enabled=false"});
            }
        }
        rows.add(new Row("POST /api/v1/jobs with an API key, keep-alive, 16 connections (wrk)", "jobs/s",
                new Stats(rates.get(true)), "the same with security off", new Stats(rates.get(false)), "≥ 0.9× security off",
                String.format(Locale.ROOT, "p99 %.2f ms with the key, %.2f ms without; each run a fresh service on SQLite",
                        new Stats(p99s.get(true)).median(), new Stats(p99s.get(false)).median())));
    }

    // --- 8. the durable store: submissions, end-to-end throughput and pick-up latency on each store, side by side

    static final int END_TO_END_JOBS = 100_000;

    static void stores(Path jar) throws Exception {
        if (!commandExists("wrk")) {
            System.out.println("wrk is not installed (apt-get install wrk): skipping the store figures");
            return;
        }
        Process postgres = new ProcessBuilder(JAVA, "-cp", "target/test-classes:" + Files.readString(Path.of("target/test-classpath.txt")).strip(),
                BENCH.resolve("src/Postgres.java").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader fromPostgres = new BufferedReader(new InputStreamReader(postgres.getInputStream()));
            OutputStream toPostgres = postgres.getOutputStream();
            String postgresUrl = readUntil(fromPostgres, "jdbc:postgresql:");
            Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();
            for (int run = 0; run < Math.min(runs, 3); run++) {
                for (String store : List.of("memory", "SQLite", "PostgreSQL")) {
                    String[] args = switch (store) {
                        case "memory" -> new String[] {"--jobpool.store.type=memory"};
                        case "SQLite" -> new String[] {};
                        default -> {
                            String database = "bench_" + run;
                            toPostgres.write((database + "\n").getBytes(StandardCharsets.UTF_8));
                            toPostgres.flush();
                            readUntil(fromPostgres, "ok");
                            yield new String[] {"--spring.datasource.url=" + postgresUrl + database + "?user=postgres"};
                        }
                    };
                    Map<String, List<Double>> of = figures.computeIfAbsent(store, key -> new LinkedHashMap<>());
                    withService(jar, () -> storeFigures(of), args);
                }
            }
            Map<String, List<Double>> memory = figures.get("memory");
            for (String store : List.of("SQLite", "PostgreSQL")) {
                Map<String, List<Double>> of = figures.get(store);
                String postGoal = store.equals("SQLite") ? "≥ 10,000 jobs/s, p99 < 20 ms" : "≥ 5,000 jobs/s, p99 < 20 ms";
                rows.add(new Row("POST /api/v1/jobs on " + store + ", keep-alive, 16 connections (wrk)", "jobs/s",
                        new Stats(of.get("post")), "the same on the memory store", new Stats(memory.get("post")), postGoal,
                        String.format(Locale.ROOT, "%s p50 %.2f ms, p99 %.2f ms; memory p99 %.2f ms; writes per commit p50 %.0f",
                                store, new Stats(of.get("postP50")).median(), new Stats(of.get("postP99")).median(),
                                new Stats(memory.get("postP99")).median(), new Stats(of.get("batch")).median())));
                rows.add(new Row("~" + fmtInt(END_TO_END_JOBS) + " trivial jobs end to end on " + store + " (wrk submits, I/O pool)", "jobs/s",
                        new Stats(of.get("endToEnd")), "the same on the memory store", new Stats(memory.get("endToEnd")),
                        store.equals("PostgreSQL") ? "≥ 5,000 jobs/s" : "", "first submit to last SUCCEEDED"));
                rows.add(new Row("pick-up latency on an idle service, " + store + ": submit → RUNNING (p50 of 200)", "ms",
                        new Stats(of.get("pickup")), "the same on the memory store", new Stats(memory.get("pickup")),
                        "p50 < 5 ms", String.format(Locale.ROOT, "p99 %.2f ms (memory %.2f ms)",
                                new Stats(of.get("pickupP99")).median(), new Stats(memory.get("pickupP99")).median())));
            }
        } finally {
            postgres.getOutputStream().close();
            postgres.waitFor(30, TimeUnit.SECONDS);
            postgres.destroyForcibly();
        }
    }

    /** The first line from the helper that starts so (its logging may come first). */
    static String readUntil(BufferedReader lines, String prefix) throws IOException {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("the PostgreSQL helper ended before it printed " + prefix);
    }

    /** One store's figures, added to {@code of}: single-job POST rate and latency, end-to-end rate, pick-up latency. */
    static void storeFigures(Map<String, List<Double>> of) throws Exception {
        String url = base + "/api/v1/jobs";
        for (int warmUp = 0; warmUp < 3; warmUp++) { // the JIT compiles the submission path first
            wrk(url, 16, 5);
            awaitIoDrained();
        }
        Map<String, Double> post = wrk(url, 16, 8);
        of.computeIfAbsent("post", key -> new ArrayList<>()).add(post.get("rps"));
        of.computeIfAbsent("postP50", key -> new ArrayList<>()).add(post.get("p50"));
        of.computeIfAbsent("postP99", key -> new ArrayList<>()).add(post.get("p99"));
        String prometheus = get("/actuator/prometheus");
        Matcher batch = Pattern.compile("jobpool_store_batch_size\\{[^}]*quantile=\"0.5\"[^}]*} ([0-9.]+)").matcher(prometheus);
        of.computeIfAbsent("batch", key -> new ArrayList<>()).add(batch.find() ? Double.parseDouble(batch.group(1)) : 1);
        awaitIoDrained();

        // end to end: submit trivial jobs for as long as END_TO_END_JOBS take at the POST rate just measured,
        // then wait for the last to end; the rate is jobs submitted / (first submit → last SUCCEEDED)
        int seconds = (int) Math.max(5, Math.min(60, Math.ceil(END_TO_END_JOBS / post.get("rps"))));
        long started = System.nanoTime();
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c32", "-d" + seconds + "s", "-H", "Authorization: " + AUTHORIZATION, "-s",
                BENCH.resolve("submit-trivial.lua").toString(), url).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        long submitted = Long.parseLong(find(out, "([0-9]+) requests in"));
        awaitIoDrained();
        System.out.printf(Locale.ROOT, "  %d jobs end to end in %.1f s%n", submitted, (System.nanoTime() - started) / 1e9);
        of.computeIfAbsent("endToEnd", key -> new ArrayList<>()).add(submitted / ((System.nanoTime() - started) / 1e9));

        List<Double> pickups = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"}}");
            String job = awaitEnd(id);
            Instant created = Instant.parse(find(job, "\"createdAt\":\"([^\"]+)\""));
            Instant startedAt = Instant.parse(find(job, "\"startedAt\":\"([^\"]+)\""));
            pickups.add(Duration.between(created, startedAt).toNanos() / 1e6);
            Thread.sleep(20);
        }
        List<Double> sorted = pickups.stream().sorted().toList();
        of.computeIfAbsent("pickup", key -> new ArrayList<>()).add(new Stats(pickups).median());
        of.computeIfAbsent("pickupP99", key -> new ArrayList<>()).add(sorted.get((int) (sorted.size() * 0.99)));
    }

    // --- 3. real I/O: http jobs against a local server that answers after 200 ms

    static void httpJobs(Process delayServer, int delayPort) throws Exception {
        String url = "http://127.0.0.1:" + delayPort + "/";
        for (int n : new int[] {2_000, 10_000}) {
            String spec = "{\"type\":\"http\",\"timeout\":\"2m\",\"items\":" + repeat("{\"url\":\"" + url + "\"}", n) + "}";
            runJob(spec); // warm-up
            settle();
            bareSocketGets(delayPort, n);
            List<Double> jobpool = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            List<Double> python = new ArrayList<>();
            List<Double> pythonRss = new ArrayList<>();
            long cpuBefore = cpuMillis(delayServer.pid());
            long overflowsBefore = listenOverflows();
            double serverSeconds = 0;
            for (int run = 0; run < runs; run++) {
                settle();
                double seconds = runJob(spec);
                jobpool.add(seconds);
                settle();
                serverSeconds += seconds;
                double bareSeconds = time(() -> bareSocketGets(delayPort, n));
                bare.add(bareSeconds);
                serverSeconds += bareSeconds;
                settle();
                Map<String, Double> py = python("http_pool.py", url, Integer.toString(n), "1000");
                python.add(py.get("seconds"));
                pythonRss.add(py.get("peak_rss_mb"));
                serverSeconds += py.get("seconds");
            }
            double serverCpu = (cpuMillis(delayServer.pid()) - cpuBefore) / 1000.0 / serverSeconds;
            long overflows = listenOverflows() - overflowsBefore;
            String serverNote = String.format(Locale.ROOT, "delay server used %.0f%% of one core; listen overflows %d",
                    serverCpu * 100, overflows);
            rows.add(new Row("http × " + fmtInt(n) + " (200 ms server), one map job", "s", new Stats(jobpool),
                    "python3 ThreadPoolExecutor(1000) + urllib", new Stats(python), n == 10_000 ? "≥ 2× faster (ratio ≤ 0.5)" : "",
                    String.format(Locale.ROOT, "Python peak RSS %.0f MB; %s", new Stats(pythonRss).median(), serverNote)));
            rows.add(new Row("http × " + fmtInt(n) + ": jobpool vs the limit", "s", new Stats(jobpool),
                    "blocking sockets on virtual threads, in-process", new Stats(bare), n == 10_000 ? "ratio ≤ 1.3" : "", ""));
        }
    }

    /**
     * Lets the delay server close the previous run's idle keep-alive connections (after 1 s), so no run
     * starts with the file descriptors of another: the machine allows 20,000 per process.
     */
    static void settle() throws InterruptedException {
        Thread.sleep(1500);
    }

    static void bareSocketGets(int port, int n) throws InterruptedException {
        byte[] request = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    InputStream in = socket.getInputStream();
                    in.readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    // --- 4. computing: maps of tiny items, CPU-heavy jobs, dispatch overhead, worker spawns

    static final int MAP_WARM_UPS = 8;

    static void squareMaps() throws Exception {
        for (int n : new int[] {100_000, 1_000_000}) {
            List<Double> jobpool = new ArrayList<>();
            List<Double> python = new ArrayList<>();
            // a long-running service is measured warm, as a JVM is: its first maps run while the JIT compiles
            // the path they take (about five of them, by hand); the first one is reported beside
            double first = runSquareMap(n);
            for (int warmUp = 1; warmUp < MAP_WARM_UPS; warmUp++) {
                runSquareMap(n);
            }
            for (int run = 0; run < runs; run++) {
                jobpool.add(runSquareMap(n));
                python.add(python("square_pool.py", Integer.toString(n), Integer.toString(CORES)).get("seconds"));
            }
            rows.add(new Row("map square over " + fmtInt(n) + " items: encode, submit, long-poll, decode", "s",
                    new Stats(jobpool), "python3 multiprocessing.Pool(" + CORES + ").map, pool start included",
                    new Stats(python), n == 1_000_000 ? "ratio ≤ 1" : "ratio ≤ 1.5", String.format(Locale.ROOT,
                            "after %d maps of this size; the service's first one: %.3f s", MAP_WARM_UPS, first)));
        }
    }

    /** The whole round trip as a client sees it, the JSON encoding and decoding of a million numbers included. */
    static double runSquareMap(int n) throws Exception {
        long start = System.nanoTime();
        StringBuilder spec = new StringBuilder(n * 8).append("{\"type\":\"square\",\"items\":[");
        for (int i = 0; i < n; i++) {
            spec.append(i == 0 ? "" : ",").append(i);
        }
        String job = submitAndAwait(spec.append("]}").toString());
        long[] result = parseLongArray(job.substring(job.indexOf("\"result\":[") + 10));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result.length != n || result[n - 1] != (long) (n - 1) * (n - 1)) {
            throw new IllegalStateException("wrong square result");
        }
        return seconds;
    }

    static long[] parseLongArray(String text) {
        int end = text.indexOf(']');
        long[] values = new long[(int) text.chars().limit(end).filter(c -> c == ',').count() + 1];
        int index = 0;
        long value = 0;
        for (int i = 1; i < end; i++) {
            char c = text.charAt(i);
            if (c == ',') {
                values[index++] = value;
                value = 0;
            } else {
                value = value * 10 + (c - '0');
            }
        }
        values[index] = value;
        return values;
    }

    static final int CORES = Runtime.getRuntime().availableProcessors();
    static final long PRIMES_LIMIT = 100_000_000L;

    static void cpuJobs(Path jar) throws Exception {
        // the same handler, in this JVM, without the service: the baseline of a job's own time
        var classes = new java.net.URLClassLoader(new java.net.URL[] {Path.of("target/classes").toUri().toURL()});
        var countPrimes = classes.loadClass("dev.jobpool.jobtype.builtin.PrimesJobType")
                .getMethod("countPrimes", long.class, classes.loadClass("dev.jobpool.jobtype.JobContext"));
        countPrimes.invoke(null, PRIMES_LIMIT, null); // warm-up
        List<Double> inProcess = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long start = System.nanoTime();
            countPrimes.invoke(null, PRIMES_LIMIT, null);
            inProcess.add((System.nanoTime() - start) / 1e9);
        }
        List<Double> oneWorker = new ArrayList<>();
        List<Double> oneWorkerJobs = new ArrayList<>();
        withService(jar, () -> {
            eightPrimes(null);
            for (int run = 0; run < runs; run++) {
                oneWorker.add(eightPrimes(oneWorkerJobs));
            }
        }, "--jobpool.cpu.workers=1");
        List<Double> allWorkersJobs = new ArrayList<>();
        List<Double> allWorkers = new ArrayList<>();
        withService(jar, () -> {
            eightPrimes(null);
            for (int run = 0; run < runs; run++) {
                allWorkers.add(eightPrimes(allWorkersJobs));
            }
        });
        List<Double> ceilings = new ArrayList<>();
        for (int run = 0; run < Math.min(runs, 3); run++) {
            ceilings.add(arithmeticCeiling());
        }
        double speedup = new Stats(oneWorker).median() / new Stats(allWorkers).median();
        rows.add(new Row("8 primes jobs (limit 10^8): speedup of " + CORES + " workers over 1", "×",
                Stats.of(speedup), "this machine's ceiling: arithmetic on " + CORES + " threads vs 1", new Stats(ceilings),
                "speedup ≥ 1.8", String.format(Locale.ROOT, "median wall time of %d runs: 1 worker %.2f s (%.2f–%.2f), "
                        + "%d workers %.2f s (%.2f–%.2f)", runs, new Stats(oneWorker).median(), new Stats(oneWorker).min(),
                        new Stats(oneWorker).max(), CORES, new Stats(allWorkers).median(), new Stats(allWorkers).min(),
                        new Stats(allWorkers).max())));
        rows.add(new Row("primes job (limit 10^8) on 1 worker: start → result", "s", new Stats(oneWorkerJobs),
                "the same handler in-process, no service", new Stats(inProcess), "ratio ≤ 1.05", ""));
        rows.add(new Row("primes job (limit 10^8) on " + CORES + " busy workers: start → result", "s",
                new Stats(allWorkersJobs), "the same handler in-process, no service", new Stats(inProcess), "",
                "the service and both workers share " + CORES + " cores"));
    }

    /** Submits 8 primes jobs at once and waits for all; returns the wall time, and adds each job's run time. */
    static double eightPrimes(List<Double> jobTimes) throws Exception {
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(submit("{\"type\":\"primes\",\"input\":{\"limit\":" + PRIMES_LIMIT + "}}"));
        }
        for (String id : ids) {
            String job = awaitEnd(id);
            if (jobTimes != null) {
                jobTimes.add(runSeconds(job));
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static volatile long sink;

    /** One thread's share of pure arithmetic: a dependent chain the JIT cannot skip. */
    static void arithmetic() {
        long x = 1;
        for (long i = 0; i < 300_000_000L; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L + (x >>> 29);
        }
        sink = x;
    }

    /** N threads of pure arithmetic against 1: how much parallel speedup this machine allows at all. */
    static double arithmeticCeiling() throws Exception {
        arithmetic();
        double one = Double.MAX_VALUE;
        double many = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            one = Math.min(one, time(Bench::arithmetic));
            many = Math.min(many, time(() -> {
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < CORES; i++) {
                    threads.add(Thread.ofPlatform().start(Bench::arithmetic));
                }
                for (Thread thread : threads) {
                    thread.join();
                }
            }));
        }
        return one * CORES / many;
    }

    /** A warm-up round whose compiling took less than this share of one core counts as warm. */
    static final double JIT_SETTLED = 0.10;
    static final int MAX_WARM_UP_ROUNDS = 25;
    static final int DISPATCH_JOBS = 2000;

    /**
     * Dispatch with 1 and with 8 clients after a round of warm-up each; then, with 8 clients again, after rounds of
     * warm-up until the service's JIT compiler has settled (the goal's figure: what a service that has run a while
     * does), with the earlier figure in its notes. On 2 cores the C2 compiler takes about a core's worth for the
     * first ~30,000 of these jobs, and the tail follows it.
     */
    static void dispatchOverhead(String store) throws Exception {
        dispatchRound(1); // warm-up
        rows.add(dispatchRow(1, store, dispatchRound(1), ""));
        dispatchRound(8); // warm-up
        List<Double> early = dispatchRound(8);
        int warmUpJobs = 4 * DISPATCH_JOBS;
        for (int round = 0; round < MAX_WARM_UP_ROUNDS; round++) {
            double compiledMs = compilationMs();
            long start = System.nanoTime();
            dispatchRound(8);
            warmUpJobs += DISPATCH_JOBS;
            if ((compilationMs() - compiledMs) / ((System.nanoTime() - start) / 1e6) < JIT_SETTLED) {
                break;
            }
        }
        rows.add(dispatchRow(8, store, dispatchRound(8), String.format(Locale.ROOT,
                "; after %,d jobs of warm-up, when a round's JIT compiling fell under %.0f%% of a core; after 6,000: p50 %.0f µs, p99 %.0f µs",
                warmUpJobs, JIT_SETTLED * 100, percentile(early, 0.5), percentile(early, 0.99))));
    }

    /**
     * Tiny jobs from concurrent clients, each submitting its next when the last has ended: (dequeue → result) of each,
     * in µs, is the pool's own cost, the claim's commit included; square itself takes ~1 µs.
     */
    static List<Double> dispatchRound(int clients) throws Exception {
        List<Double> micros = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < DISPATCH_JOBS / clients; i++) {
                        String job = awaitEnd(submit("{\"type\":\"square\",\"input\":" + i + "}"));
                        micros.add(runSeconds(job) * 1e6);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return micros.stream().sorted().toList();
    }

    static Row dispatchRow(int clients, String store, List<Double> sorted, String notes) {
        return new Row("CPU job dispatch on a warm worker, " + clients + (clients == 1 ? " client" : " concurrent clients")
                + ", " + store + ": dequeue → result", "µs", Stats.of(percentile(sorted, 0.5)), null, null,
                clients > 1 ? "p50 < 200 µs, p99 < 2 ms" : "",
                String.format(Locale.ROOT, "p50 of %d jobs; p99 %.0f µs", sorted.size(), percentile(sorted, 0.99)) + notes);
    }

    static double percentile(List<Double> sorted, double share) {
        return sorted.get((int) (sorted.size() * share));
    }

    /** The time the service's JIT compilers have spent so far, in ms. */
    static double compilationMs() throws Exception {
        return Double.parseDouble(find(get("/actuator/metrics/jvm.compilation.time"), "\"value\":([0-9.E]+)"));
    }

    static void workerSpawns() throws Exception {
        dispatchOverhead("the embedded store");
        double[] spawnMeter = spawnMeter();
        double bootSpawnMean = spawnMeter[1] / spawnMeter[0] * 1000;
        List<Double> replaced = new ArrayList<>();
        List<Double> replacementSpawns = new ArrayList<>();
        List<Double> firstJobs = new ArrayList<>();
        for (int run = 0; run < Math.max(runs, 10); run++) {
            String pools = get("/api/v1/pools");
            long pid = Long.parseLong(find(pools, "\"workers\":\\[\\{\"slot\":0,\"pid\":([0-9]+)"));
            long start = System.nanoTime();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            while (true) {
                String now = get("/api/v1/pools");
                Matcher m = Pattern.compile("\"slot\":0,\"pid\":([0-9]+),\"state\":\"idle\"").matcher(now);
                if (m.find() && Long.parseLong(m.group(1)) != pid) {
                    break;
                }
                // every 10 ms: polled every 2 ms, the pools view (and the store's health in it) cost the service CPU
                // while it started the very worker being measured
                Thread.sleep(10);
            }
            replaced.add((System.nanoTime() - start) / 1e6);
            double[] meter = spawnMeter();
            if (meter[0] == spawnMeter[0] + 1) {
                replacementSpawns.add((meter[1] - spawnMeter[1]) * 1000);
            }
            spawnMeter = meter;
            // the replacement's first job: HELLO must mean ready to work, not merely connected
            firstJobs.add(runSeconds(submitAndAwait("{\"type\":\"square\",\"input\":3}")) * 1e6);
        }
        List<Double> bare = new ArrayList<>();
        new ProcessBuilder(JAVA, "-version").redirectErrorStream(true).start().waitFor(); // a cold first start: not counted
        for (int run = 0; run < Math.max(runs, 5); run++) {
            long start = System.nanoTime();
            Process java = new ProcessBuilder(JAVA, "-Xshare:auto", "-version").redirectErrorStream(true).start();
            new BufferedReader(new InputStreamReader(java.getInputStream())).readLine();
            bare.add((System.nanoTime() - start) / 1e6);
            java.waitFor();
        }
        rows.add(new Row("worker JVM spawn → HELLO, replacement (the service's own meter, one per kill)", "ms",
                new Stats(replacementSpawns), "bare JVM: start → first line of java -version", new Stats(bare), "p50 ≤ 120 ms",
                String.format(Locale.ROOT, "%d spawns; the 2 boot spawns averaged %.0f ms", replacementSpawns.size(),
                        bootSpawnMean)));
        rows.add(new Row("worker killed (kill -9) → replacement idle", "ms", new Stats(replaced), null, null,
                "within 1 s", ""));
        rows.add(new Row("first job on a fresh replacement (a square, from an idle pool): dequeue → result", "µs",
                new Stats(firstJobs), null, null, "", "one per kill, with 1 client"));
    }

    /** The service's spawn meter: count and total seconds. */
    static double[] spawnMeter() throws Exception {
        String spawn = get("/actuator/metrics/jobpool.workers.spawn");
        return new double[] {Double.parseDouble(find(spawn, "\"COUNT\",\"value\":([0-9.E]+)")),
                Double.parseDouble(find(spawn, "\"TOTAL_TIME\",\"value\":([0-9.E]+)"))};
    }

    /**
     * Service starts: from "starting N worker JVMs" to "CPU pool warm" in the service's log. The first start of a
     * build has no trained cache for its workers (it trains one after the pool is warm); the later ones do.
     */
    static void workerBoots(Path jar) throws Exception {
        Path log = Path.of("target/bench-boot.log");
        List<Double> trained = new ArrayList<>();
        Double first = null;
        for (int run = 0; run <= Math.max(runs, 5); run++) {
            Files.deleteIfExists(log);
            Process service = startService(jar, log, "--logging.level.dev.jobpool.cpupool=INFO");
            try {
                awaitReady();
                // the first start trains the workers' cache after the pool is warm; let it finish
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(run == 0 ? 60 : 0);
                while (System.nanoTime() < deadline && !Files.readString(log).contains("AOT cache")) {
                    Thread.sleep(100);
                }
            } finally {
                service.destroy();
                service.waitFor(40, TimeUnit.SECONDS);
            }
            String text = Files.readString(log);
            Instant asked = Instant.parse(find(text, "(\\S+) +INFO .*starting [0-9]+ worker JVMs"));
            Instant warm = Instant.parse(find(text, "(\\S+) +INFO .*CPU pool warm"));
            double millis = Duration.between(asked, warm).toNanos() / 1e6;
            if (run == 0) {
                first = millis;
            } else {
                trained.add(millis);
            }
        }
        rows.add(new Row("service start: " + CORES + " boot workers asked → all said HELLO", "ms", new Stats(trained), null,
                null, "≤ 300 ms", String.format(Locale.ROOT, "restarts of the same build; its first start (no worker "
                        + "cache yet): %.0f ms", first)));
    }

    static String submit(String spec) throws Exception {
        HttpResponse<String> submitted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs")).header("Authorization", AUTHORIZATION)
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spec)).build(), HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() != 202) {
            throw new IllegalStateException("submit failed: " + submitted.statusCode() + " " + submitted.body());
        }
        return find(submitted.body(), "\"id\":\"([^\"]+)\"");
    }

    static String awaitEnd(String id) throws Exception {
        String job;
        do {
            job = get("/api/v1/jobs/" + id + "?wait=60s");
        } while (job.contains("\"status\":\"QUEUED\"") || job.contains("\"status\":\"RUNNING\""));
        if (!job.contains("\"status\":\"SUCCEEDED\"")) {
            throw new IllegalStateException("job " + id + " did not succeed: " + job.substring(0, Math.min(job.length(), 2000)));
        }
        return job;
    }

    static String submitAndAwait(String spec) throws Exception {
        return awaitEnd(submit(spec));
    }

    static double runSeconds(String job) {
        Instant started = Instant.parse(find(job, "\"startedAt\":\"([^\"]+)\""));
        Instant finished = Instant.parse(find(job, "\"finishedAt\":\"([^\"]+)\""));
        return Duration.between(started, finished).toNanos() / 1e9;
    }

    /** The JMH results bench/run wrote just before: one row per benchmark and parameter. */
    static void jmhRows() throws IOException {
        Path json = BENCH.resolve("results/jmh.json");
        if (!Files.exists(json)) {
            return;
        }
        String text = Files.readString(json);
        Matcher m = Pattern.compile("\"benchmark\" : \"[^\"]*\\.([A-Za-z]+)\\.([A-Za-z]+)\"(.*?)\"primaryMetric\" : \\{\\s*"
                + "\"score\" : ([0-9.E-]+),\\s*\"scoreError\" : ([0-9.E-]+|\"NaN\"),.*?\"scoreUnit\" : \"([^\"]+)\"",
                Pattern.DOTALL).matcher(text);
        while (m.find()) {
            Matcher items = Pattern.compile("\"items\" : \"([0-9]+)\"").matcher(m.group(3));
            Matcher encoding = Pattern.compile("\"encoding\" : \"([a-z]+)\"").matcher(m.group(3));
            String what = m.group(1) + "." + m.group(2) + (items.find() ? " (" + items.group(1) + " items"
                    + (encoding.find() ? ", " + encoding.group(1) : "") + ")" : "");
            rows.add(new Row("JMH, in-process: " + what, m.group(6), Stats.of(Double.parseDouble(m.group(4))), null, null, "",
                    m.group(5).contains("NaN") ? "1 fork, 5 × 1 s" : String.format(Locale.ROOT, "± %.3g (99.9%%), 1 fork, 5 × 1 s",
                            Double.parseDouble(m.group(5)))));
        }
    }

    // --- the service and its API

    static void withService(Path jar, Action section, String... extraArgs) throws Exception {
        Process service = startService(jar, extraArgs);
        servicePid = service.pid();
        try {
            awaitReady();
            section.run();
        } finally {
            service.destroy();
            service.waitFor(40, TimeUnit.SECONDS);
        }
    }

    static Process startService(Path jar, String... extraArgs) throws IOException {
        return startService(jar, BENCH.resolve("results/service.log"), extraArgs);
    }

    static Process startService(Path jar, Path log, String... extraArgs) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        // a fresh embedded store per service, so no section reads what another left behind
        Path store = Path.of("target/bench-stores", UUID.randomUUID() + ".db");
        // run as the README advises and the chart and image do: a heap touched at start, so requests do not take the
        // page faults of the heap's first pass (ZGC allocates across all of it before reusing a page)
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:+UseZGC", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-jar", jar.toString(),
                "--server.port=" + port, "--jobpool.store.path=" + store, "--jobpool.io.max-concurrency=100000", "--jobpool.io.queue-capacity=1000000",
                "--jobpool.http.allow-private-networks=true", "--jobpool.jobs.max-retained=20000",
                "--logging.level.root=WARN", "--jobpool.security.admin-key=" + BENCH_KEY));
        if (System.getenv("BENCH_JFR") != null) { // profile each service: BENCH_JFR=1 bench/run 1 <section>
            command.add(1, "-XX:StartFlightRecording=settings=profile,filename=target/bench-" + port + ".jfr");
        }
        command.addAll(List.of(extraArgs));
        System.out.println("starting " + String.join(" ", command));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true).start();
    }

    static Process startDelayServer(long delayMillis) throws IOException {
        return new ProcessBuilder(JAVA, "-Xmx512m", BENCH.resolve("src/DelayServer.java").toString(), Long.toString(delayMillis))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    static void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (get("/actuator/health/readiness").contains("UP")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service did not get ready; see bench/results/service.log");
    }

    /** Until the I/O pool has nothing queued or running (the meters, which every store answers). */
    static void awaitIoDrained() throws Exception {
        Pattern queued = Pattern.compile("jobpool_jobs_queued\\{[^}]*pool=\"io\"[^}]*} ([0-9.]+)");
        Pattern running = Pattern.compile("jobpool_jobs_running\\{[^}]*pool=\"io\"[^}]*} ([0-9.]+)");
        while (true) {
            String metrics = get("/actuator/prometheus");
            if (Double.parseDouble(find(metrics, queued.pattern())) == 0 && Double.parseDouble(find(metrics, running.pattern())) == 0) {
                return;
            }
            Thread.sleep(50);
        }
    }

    static void awaitIdle() throws Exception {
        while (!get("/api/v1/pools").contains("\"running\":0")) {
            Thread.sleep(100);
        }
    }

    /** Submits a job and long-polls it to its end; returns the seconds from encoding the request to decoding the result. */
    static double runJob(String spec) throws Exception {
        long start = System.nanoTime();
        submitAndAwait(spec);
        return (System.nanoTime() - start) / 1e9;
    }

    static String get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTHORIZATION).timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Samples the service's heap every 50 ms while a job runs. */
    static final class HeapSampler {
        private volatile boolean running = true;
        private volatile double peakMb;
        private Thread thread;

        static HeapSampler start() {
            return start("jvm.memory.used?tag=area:heap");
        }

        /** Samples a meter of bytes from /actuator/metrics instead. */
        static HeapSampler start(String metricPath) {
            HeapSampler sampler = new HeapSampler();
            sampler.thread = Thread.ofPlatform().daemon().start(() -> {
                while (sampler.running) {
                    try {
                        String metric = get("/actuator/metrics/" + metricPath);
                        double bytes = Double.parseDouble(find(metric, "\"value\":([0-9.E]+)"));
                        sampler.peakMb = Math.max(sampler.peakMb, bytes / 1024 / 1024);
                        Thread.sleep(50);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            return sampler;
        }

        double stop() throws InterruptedException {
            running = false;
            thread.join();
            return peakMb;
        }
    }

    // --- peers and measurement helpers

    static Map<String, Double> python(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", BENCH.resolve("python").resolve(script).toString()));
        command.addAll(List.of(args));
        Process python = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (python.waitFor() != 0) {
            throw new IllegalStateException("python " + script + " failed: " + out);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"([a-z_]+)\": ([0-9.e+-]+)").matcher(out);
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return values;
    }

    interface Action {
        void run() throws Exception;
    }

    static double time(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** user + system CPU of a process, from /proc. */
    static long cpuMillis(long pid) throws IOException {
        String[] fields = procStat(pid);
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
    }

    /** The part of {@link #cpuMillis} spent in the kernel on the process's behalf. */
    static long systemCpuMillis(long pid) throws IOException {
        return Long.parseLong(procStat(pid)[12]) * MILLIS_PER_TICK;
    }

    private static final long MILLIS_PER_TICK = 10; // USER_HZ is 100 on Linux

    /** The fields of /proc/<pid>/stat after the command name (which may hold spaces): utime is [11], stime [12]. */
    private static String[] procStat(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    }

    /** TcpExt ListenOverflows, system-wide: accepts lost because a listen queue was full. */
    static long listenOverflows() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            if (lines.get(i).startsWith("TcpExt:")) {
                List<String> names = List.of(lines.get(i).split(" "));
                String[] values = lines.get(i + 1).split(" ");
                return Long.parseLong(values[names.indexOf("ListenOverflows")]);
            }
        }
        return -1;
    }

    static boolean commandExists(String command) throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    }

    static String repeat(String item, int n) {
        return java.util.Collections.nCopies(n, item).stream().collect(Collectors.joining(",", "[", "]"));
    }

    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in: " + text.substring(0, Math.min(500, text.length())));
        }
        return m.group(1);
    }

    static double millis(String wrkDuration) {
        Matcher m = Pattern.compile("([0-9.]+)([a-z]+)").matcher(wrkDuration);
        m.matches();
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> throw new IllegalArgumentException(wrkDuration);
        };
    }

    static String fmtInt(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    // --- the report

    static void writeResults(Duration took) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# jobpool benchmark\n\n")
                .append("Measured ").append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores by `bench/run` in ")
                .append(took.toSeconds()).append(" s; ").append(runs)
                .append(" alternating runs per figure unless noted; median (min–max). The load generator, the peers and the "
                        + "service share the same cores. Ratio = jobpool / peer (below 1 is faster for times).\n\n")
                .append("| figure | jobpool | peer | peer value | ratio | goal | notes |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            md.append("| ").append(row.figure()).append(" | ").append(fmt(row.jobpool(), row.unit()))
                    .append(" | ").append(row.peerName() == null ? "" : row.peerName())
                    .append(" | ").append(row.peer() == null ? "" : fmt(row.peer(), row.unit()))
                    .append(" | ").append(row.peer() == null ? "" : String.format(Locale.ROOT, "%.2f", row.ratio()))
                    .append(" | ").append(row.goal()).append(" | ").append(row.note()).append(" |\n");
        }
        Files.writeString(BENCH.resolve("results/latest.md"), md);
        StringBuilder json = new StringBuilder("{\"measuredAt\":\"" + Instant.now() + "\",\"runs\":" + runs + ",\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            json.append(i == 0 ? "" : ",").append("{\"figure\":").append(quote(row.figure()))
                    .append(",\"unit\":").append(quote(row.unit()))
                    .append(",\"jobpool\":").append(row.jobpool().values())
                    .append(",\"peer\":").append(quote(row.peerName()))
                    .append(",\"peerValues\":").append(row.peer() == null ? "null" : row.peer().values().toString())
                    .append(",\"ratio\":").append(row.peer() == null ? "null" : String.format(Locale.ROOT, "%.4f", row.ratio()))
                    .append(",\"goal\":").append(quote(row.goal()))
                    .append(",\"note\":").append(quote(row.note())).append('}');
        }
        Files.writeString(BENCH.resolve("results/latest.json"), json.append("]}\n"));
        System.out.println(md);
    }

    static String fmt(Stats stats, String unit) {
        String pattern = unit.equals("s") || unit.endsWith("/op") ? "%.3f" : unit.equals("×") || unit.equals("ms") ? "%.2f" : "%.0f";
        return String.format(Locale.ROOT, pattern + " " + unit + " (" + pattern + "–" + pattern + ")", stats.median(),
                stats.min(), stats.max());
    }

    static String quote(String text) {
        return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
