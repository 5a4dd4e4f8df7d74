package dev.jobpool.job.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Thousands of hostile requests against the started service over real HTTP: malformed and deeply nested
 * JSON, wrong types in every field of a job spec, odd media types and charsets, odd paths, methods, headers
 * and framing, oversized values. Whatever arrives, the service answers below 500; every 4xx is problem JSON
 * of bounded size; a job is stored exactly when a submission is answered 202; and the service is healthy
 * after. The requests come from a seeded generator: the seed is printed and named in every failure, and
 * {@code -Djobpool.fuzz.seed=N} replays a run.
 *
 * <p>No request names a host other than this one: a spec of the {@code http} type is never generated, so
 * no job can make the service look a random name up in DNS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileRequestFuzzTests {

    private static final int REQUESTS = 4000;
    /** Problems quote only short prefixes of a client's text; real ones are well under 4 KB. */
    private static final int MAX_PROBLEM_BYTES = 32 * 1024;

    @LocalServerPort
    int port;

    @Test
    void noHostileRequestGetsA5xxOrStoresAJobUnlessAccepted() {
        long seed = Long.getLong("jobpool.fuzz.seed", ThreadLocalRandom.current().nextLong());
        System.out.println("HostileRequestFuzzTests seed " + seed + " (replay with -Djobpool.fuzz.seed=" + seed + ")");
        RawHttp http = new RawHttp(port);
        Requests requests = new Requests(new SplittableRandom(seed));
        int before = countJobs(http);
        List<String> accepted = new ArrayList<>();
        List<String> failures = new ArrayList<>();

        for (int i = 0; i < REQUESTS; i++) {
            Request request = requests.next();
            RawHttp.Response response = http.send(request.head(), request.body());
            String where = "seed " + seed + ", request " + i + " (" + request.kind() + "): " + request.shown();
            try {
                check(request, response, where);
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
            if (response.status() == 202) {
                accepted.add(response.json().get("id").asString());
            }
        }

        // every failure at once: one run shows all that is wrong, each with the seed that replays it
        assertThat(failures).as("%d of %d requests answered wrongly", failures.size(), REQUESTS).isEmpty();
        assertThat(countJobs(http)).as("jobs stored after the fuzz, seed %d", seed).isEqualTo(before + accepted.size());
        forget(http, accepted);
        assertHealthy(http);
    }

    /** Cancels and deletes the jobs the fuzz got accepted (some sleep for a day), leaving the service as it was. */
    private static void forget(RawHttp http, List<String> ids) {
        for (String id : ids) {
            http.request("POST", "/api/v1/jobs/" + id + "/cancel", "", "");
        }
        for (String id : ids) {
            RawHttp.Response ended = http.request("GET", "/api/v1/jobs/" + id + "?wait=30s", "", "");
            assertThat(ended.json().get("status").asString()).isIn("SUCCEEDED", "FAILED", "CANCELLED");
            assertThat(http.request("DELETE", "/api/v1/jobs/" + id, "", "").status()).isEqualTo(204);
        }
    }

    private static void check(Request request, RawHttp.Response response, String where) {
        if (response.status() == 0 && response.cutOff()) {
            return; // refused before it was all sent: the answer, if any, was lost to the connection's reset
        }
        assertThat(response.status()).as("an answer, %s", where).isPositive();
        assertThat(response.status()).as("no 5xx, %s\n%s", where, response.text()).isLessThan(500);
        if (response.status() == 202) {
            assertThat(request.isSubmit()).as("only a submission is answered 202, %s", where).isTrue();
        }
        if (response.status() < 400) {
            return;
        }
        assertThat(response.isProblem()).as("problem JSON, got %s, %s\n%s", response.header("Content-Type"), where,
                response.text()).isTrue();
        if (request.head().startsWith("HEAD ")) {
            return;
        }
        assertThat(response.body().length).as("a bounded problem, %s", where).isLessThanOrEqualTo(MAX_PROBLEM_BYTES);
        JsonNode problem;
        try {
            problem = response.json();
        } catch (JacksonException e) {
            throw new AssertionError("not JSON, " + where + "\n" + response.text(), e);
        }
        assertThat(problem.path("type").asString()).as("type, %s", where).startsWith(Problems.TYPE_BASE);
        assertThat(problem.path("status").asInt()).as("status, %s", where).isEqualTo(response.status());
        assertThat(problem.path("title").asString()).as("title, %s", where).isNotBlank();
        assertThat(problem.path("detail").asString()).as("detail, %s", where).isNotBlank();
    }

    /** Every stored job, page by page. */
    private static int countJobs(RawHttp http) {
        int count = 0;
        String cursor = null;
        do {
            RawHttp.Response page = http.request("GET", "/api/v1/jobs?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor), "", "");
            assertThat(page.status()).isEqualTo(200);
            JsonNode json = page.json();
            count += json.get("jobs").size();
            JsonNode next = json.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return count;
    }

    private static void assertHealthy(RawHttp http) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            RawHttp.Response readiness = http.request("GET", "/actuator/health/readiness", "", "");
            assertThat(readiness.status()).isEqualTo(200);
            for (JsonNode pool : http.request("GET", "/api/v1/pools", "", "").json()) {
                assertThat(pool.get("busy").asInt()).as("busy slots of %s", pool.get("pool")).isZero();
            }
        });
        RawHttp.Response submitted = http.request("POST", "/api/v1/jobs", "Content-Type: application/json\r\n",
                "{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"}}");
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        RawHttp.Response done = http.request("GET", "/api/v1/jobs/" + id + "?wait=" + Duration.ofSeconds(30).toSeconds() + "s", "", "");
        assertThat(done.json().get("status").asString()).isEqualTo("SUCCEEDED");
    }

    /** One request as bytes on the wire; {@code shown} is its head and the start of its body, for a failure message. */
    record Request(String kind, String head, byte[] body) {

        boolean isSubmit() {
            return head.startsWith("POST ");
        }

        String shown() {
            String text = head + new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1);
            text = text.length() > 600 ? text.substring(0, 600) + "…" : text;
            return text.replace("\r", "\\r").replace("\n", "\\n") + " [" + body.length + " body bytes]";
        }
    }

    /** The generator: each request is one kind of hostility, chosen by weight. */
    static final class Requests {

        /** The job types a generated spec names; never {@code http}, whose URL a job would resolve in DNS. */
        private static final List<String> TYPES = List.of("sleep", "square", "primes");
        private static final List<String> FIELDS = List.of("type", "input", "items", "chunkSize", "pool", "priority",
                "timeout", "maxAttempts", "labels");
        private static final List<String> HOSTILE_VALUES = List.of("null", "true", "false", "0", "-1", "1.5", "-0", "1e400",
                "1E2", "99999999999999999999999", "-2147483649", "2147483648", "\"\"", "\" \"", "\"\\u0000\"", "\"\\t5s\\n\"",
                "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"5s\"", "\"-5s\"", "\"io\"", "\"cpu\"", "\"auto\"", "\"IO\"", "\"Cpu\"",
                "\"gpu\"", "\"1\"", "\"1.5\"", "\"true\"", "\"PT\"", "\"P1D\"", "\"1d\"", "\"9999999999999999999d\"",
                "\"PT99999999999999999999H\"", "\"sleep\"", "\"SLEEP\"", "\"test.noisy\"", "[]", "{}", "[1,2,3]", "[[[]]]",
                "{\"a\":1}", "{\"a\":\"b\"}", "{\"\":\"\"}", "{\"team\":null}", "{\"team\":1}", "[null]", "\"💥\"",
                "\"\\\\\"", "\"\\\"\"");
        private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
                "application/json;charset=UTF-8", "application/json; charset=\"utf-8\"", "application/json; charset=utf-16",
                "application/json; charset=ISO-8859-1", "application/json; charset=no-such-charset",
                "application/json; charset=", "application/json;;", "application/json; q=0", "application/problem+json",
                "application/merge-patch+json", "application/vnd.jobpool+json", "text/json", "text/plain", "text/html",
                "*/*", "application/*", "*/json", "", ";", "application", "application/", "/json", "multipart/form-data",
                "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/xml",
                "APPLICATION/JSON", "application/json\u0001", "application/json, text/plain");
        private static final List<String> ACCEPTS = List.of("*/*", "application/json", "application/problem+json",
                "application/*", "text/html", "application/xml", "image/png", "text/*", "foo", "", "*/*;q=0",
                "application/json;q=0", "application/json;q=x", "text/html, application/xhtml+xml, */*;q=0.8",
                "application/json;;;", "*/json", "\u0001", "application/yaml", "application/json; charset=utf-16");
        private static final List<String> PATHS = List.of("/api/v1/jobs", "/api/v1/jobs/", "/api/v1/job-types",
                "/api/v1/pools", "/actuator/health", "/actuator/health/liveness", "/actuator/env", "/actuator/shutdown",
                "/error", "/", "//", "/api//v1/jobs", "/api/v1/jobs;jsessionid=x", "/API/V1/JOBS", "/api/v1/jobs/..",
                "/api/v1/jobs/%2e%2e/%2e%2e", "/api/v1/jobs/..%2f..%2f", "/%", "/%zz", "/%c0%ae%c0%ae/", "/api/v1/%00",
                "/api/v1/jobs/%ff", "/api/v1/jobs/\u00e9", "/api/v1/jobs/a b", "/api/v1/jobs/\u0001", "*",
                "http://localhost/api/v1/jobs", "http://127.0.0.1/api/v1/job-types", "api/v1/jobs", "/api/v1/jobs#x",
                "/api/v1/jobs?status=", "/api/v1/jobs?pool=", "/api/v1/jobs?status=%00", "/api/v1/jobs?limit=-1",
                "/api/v1/jobs?limit=abc", "/api/v1/jobs?limit=", "/api/v1/jobs?limit=1.5", "/api/v1/jobs?limit=99999999999",
                "/api/v1/jobs?cursor=x", "/api/v1/jobs?cursor=-1", "/api/v1/jobs?status=queued&status=running",
                "/api/v1/jobs?%", "/api/v1/jobs?a=%zz", "/api/v1/jobs?type=" + "t".repeat(3000),
                "/v3/api-docs", "/swagger-ui.html");
        private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
                "TRACE", "CONNECT", "FOO", "get", "PROPFIND", "M-SEARCH", "GET\u0001", "P\u00d6ST", "X".repeat(300));
        private static final List<String> VERSIONS = List.of("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.2",
                "HTTP/9.9", "HTTP/x", "http/1.1", "HTTP/1.1 extra", "");

        private final SplittableRandom random;
        private int overLimitBodies;

        Requests(SplittableRandom random) {
            this.random = random;
        }

        Request next() {
            int roll = random.nextInt(100);
            if (roll < 28) {
                return json("spec-field", mutatedSpec());
            }
            if (roll < 46) {
                return malformedJson();
            }
            if (roll < 56) {
                return mediaTypes();
            }
            if (roll < 74) {
                return pathsAndMethods();
            }
            if (roll < 94) {
                return headersAndFraming();
            }
            return oversized();
        }

        // ---- job specs

        private Map<String, String> validSpec() {
            Map<String, String> spec = new LinkedHashMap<>();
            String type = pick(TYPES);
            spec.put("type", "\"" + type + "\"");
            switch (type) {
                case "sleep" -> spec.put("input", "{\"duration\":\"" + random.nextInt(20) + "ms\"}");
                case "square" -> spec.put("items", "[" + random.nextInt(1000) + "," + random.nextInt(1000) + "]");
                default -> spec.put("input", "{\"limit\":" + random.nextInt(1000) + "}");
            }
            if (random.nextBoolean()) {
                spec.put("priority", Integer.toString(random.nextInt(-1000, 1001)));
            }
            if (random.nextBoolean()) {
                spec.put("labels", "{\"run\":\"fuzz\"}");
            }
            return spec;
        }

        private String mutatedSpec() {
            Map<String, String> spec = validSpec();
            int mutations = 1 + random.nextInt(3);
            for (int i = 0; i < mutations; i++) {
                switch (random.nextInt(6)) {
                    case 0 -> spec.put(pick(FIELDS), hostileValue());
                    case 1 -> spec.remove(pick(FIELDS));
                    case 2 -> spec.put(randomText(1 + random.nextInt(20)), hostileValue());
                    case 3 -> spec.put("input", "{\"duration\":" + hostileValue() + "}");
                    case 4 -> spec.put("labels", "{" + quoted(randomText(random.nextInt(10))) + ":" + hostileValue() + "}");
                    default -> spec.put("items", "[" + hostileValue() + "," + hostileValue() + "]");
                }
            }
            String body = render(spec);
            if (random.nextInt(10) == 0) {
                String field = pick(FIELDS);
                body = body.substring(0, body.length() - 1) + (spec.isEmpty() ? "" : ",") + "\"" + field + "\":"
                        + hostileValue() + ",\"" + field + "\":" + hostileValue() + "}";
            }
            return body;
        }

        private String hostileValue() {
            return switch (random.nextInt(4)) {
                case 0 -> quoted(randomText(random.nextInt(40)));
                case 1 -> Long.toString(random.nextLong());
                default -> pick(HOSTILE_VALUES);
            };
        }

        private Request malformedJson() {
            String valid = render(validSpec());
            String body = switch (random.nextInt(12)) {
                case 0 -> valid.substring(0, random.nextInt(valid.length()));
                case 1 -> flipChars(valid);
                case 2 -> valid + pick(List.of("}", ",", "{}", " {\"type\":\"sleep\"}", "x", "\u0000", "]"));
                case 3 -> "[".repeat(random.nextInt(1, 3000));
                case 4 -> "{\"type\":\"sleep\",\"input\":" + "{\"a\":".repeat(random.nextInt(1, 1500)) + "1"
                        + "}".repeat(random.nextInt(1500)) + "}";
                case 5 -> "{\"type\":\"sleep\",\"items\":" + "[".repeat(random.nextInt(1, 1200)) + "]".repeat(random.nextInt(1200)) + "}";
                case 6 -> pick(List.of("", " ", "null", "[]", "\"sleep\"", "1", "true", "{", "}", "{}", "{\"\":\"\"}",
                        "{'type':'sleep'}", "{\"type\":\"sleep\",}", "{\"type\":\"sleep\" /* c */}", "{\"type\":NaN}",
                        "\ufeff{\"type\":\"sleep\"}", "{\"type\":\"sl\neep\"}", "{\"type\":\"\\x41\"}", "{\"type\"}"));
                case 7 -> valid.replace("\"type\"", "\"ty\\ud800pe\"");
                case 8 -> valid.replaceFirst("\\{", "{" + "\"k\":1,".repeat(random.nextInt(1, 2000)));
                default -> insertChars(valid);
            };
            if (random.nextInt(4) == 0) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > 0) {
                    bytes[random.nextInt(bytes.length)] = (byte) pick(List.of(0xC0, 0xFF, 0xFE, 0x80, 0xED, 0x00)).intValue();
                }
                return request("malformed-json", "POST", "/api/v1/jobs", standardHeaders("application/json"), bytes);
            }
            return json("malformed-json", body);
        }

        private String flipChars(String text) {
            char[] chars = text.toCharArray();
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                chars[random.nextInt(chars.length)] = (char) random.nextInt(0, 0x80);
            }
            return new String(chars);
        }

        private String insertChars(String text) {
            StringBuilder result = new StringBuilder(text);
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                result.insert(random.nextInt(result.length() + 1), pick(List.of("\"", "{", "}", "[", "]", ",", ":", "\\", "\u0000", "\n", "é")));
            }
            return result.toString();
        }

        // ---- media types and charsets

        private Request mediaTypes() {
            String contentType = random.nextInt(5) == 0 ? randomText(random.nextInt(30)) : pick(CONTENT_TYPES);
            String spec = random.nextBoolean() ? render(validSpec()) : mutatedSpec();
            byte[] body = contentType.toLowerCase().contains("utf-16") && random.nextBoolean()
                    ? spec.getBytes(StandardCharsets.UTF_16)
                    : random.nextInt(6) == 0 ? spec.getBytes(StandardCharsets.ISO_8859_1) : spec.getBytes(StandardCharsets.UTF_8);
            StringBuilder headers = new StringBuilder();
            if (!contentType.isEmpty() || random.nextBoolean()) {
                headers.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (random.nextBoolean()) {
                headers.append("Accept: ").append(random.nextInt(5) == 0 ? randomText(random.nextInt(30)) : pick(ACCEPTS)).append("\r\n");
            }
            if (random.nextInt(4) == 0) {
                headers.append(pick(List.of("Accept-Charset: utf-16\r\n", "Accept-Encoding: gzip, br\r\n",
                        "Content-Encoding: gzip\r\n", "Accept-Language: xx\r\n", "Content-Language: \u0001\r\n")));
            }
            return request("media-types", random.nextInt(8) == 0 ? pick(List.of("PUT", "PATCH", "DELETE")) : "POST",
                    "/api/v1/jobs", headers.toString(), body);
        }

        // ---- paths, methods, queries

        private Request pathsAndMethods() {
            String path = switch (random.nextInt(6)) {
                case 0 -> "/api/v1/jobs/" + UUID.randomUUID() + pick(List.of("", "/cancel", "/", "/cancel/x", "?wait=1ms",
                        "?wait=", "?wait=%00", "?wait=-1s", "?wait=99999999999999999999d", "?wait=PT0S"));
                case 1 -> "/api/v1/jobs/" + pick(List.of("0-0-0-0-0000000000000000000000000000", "not-a-uuid", "",
                        UUID.randomUUID().toString().toUpperCase(), UUID.randomUUID().toString().replace("-", ""),
                        "{" + UUID.randomUUID() + "}", "urn:uuid:" + UUID.randomUUID(), "%20" + UUID.randomUUID()));
                case 2 -> "/api/v1/jobs/" + percentEncodedText(random.nextInt(60));
                case 3 -> "/api/v1/jobs?" + pick(List.of("status", "pool", "type", "limit", "cursor", "wait", "x", ""))
                        + "=" + percentEncodedText(random.nextInt(40));
                case 4 -> "/" + "a/".repeat(random.nextInt(1, 3000));
                default -> pick(PATHS);
            };
            String method = pick(METHODS);
            boolean hasBody = random.nextBoolean();
            String headers = hasBody ? standardHeaders(pick(CONTENT_TYPES)) : "";
            byte[] body = hasBody ? mutatedSpec().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (random.nextInt(10) == 0) {
                return new Request("paths-methods", method + " " + path + " " + pick(VERSIONS) + "\r\nHost: localhost\r\n"
                        + "Connection: close\r\n" + headers + "Content-Length: " + body.length + "\r\n\r\n", body);
            }
            return request("paths-methods", method, path, headers, body);
        }

        private String percentEncodedText(int length) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int c = random.nextInt(6) == 0 ? random.nextInt(256) : random.nextInt(0x20, 0x7f);
                if (c > 0x20 && c < 0x7f && "%/?#[] \"<>\\^`{|}".indexOf(c) < 0) {
                    text.append((char) c);
                } else {
                    text.append('%').append(String.format("%02X", c));
                }
            }
            return text.toString();
        }

        // ---- headers and framing

        private Request headersAndFraming() {
            byte[] body = render(validSpec()).getBytes(StandardCharsets.UTF_8);
            String start = "POST /api/v1/jobs HTTP/1.1\r\n";
            String host = "Host: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n";
            String length = "Content-Length: " + body.length + "\r\n";
            return switch (random.nextInt(16)) {
                case 0 -> new Request("headers", start + host + "X-Many: 1\r\n".repeat(random.nextInt(90, 160)) + length + "\r\n", body);
                case 1 -> new Request("headers", start + host + "X-Big: " + "x".repeat(random.nextInt(4000, 70_000)) + "\r\n" + length + "\r\n", body);
                case 2 -> new Request("headers", start + host + pick(List.of("X Bad: 1", "X-Bad", ": 1", "X-Bad:\u0000x",
                        "X-B\u0001d: 1", "X-Bad : 1", " X-Fold: 1", "X-Bad:\u00ff", "Idempotency-Key: \u0001")) + "\r\n" + length + "\r\n", body);
                case 3 -> new Request("headers", start + host + "X-Fold: a\r\n  folded\r\n" + length + "\r\n", body);
                case 4 -> new Request("framing", start + host + pick(List.of("Content-Length: 1\r\nContent-Length: 2\r\n",
                        "Content-Length: -1\r\n", "Content-Length: abc\r\n", "Content-Length: 99999999999999999999\r\n",
                        "Content-Length: 1, 1\r\n", "Content-Length: +5\r\n", "Content-Length: " + (body.length + 10) + "\r\n",
                        "Content-Length: " + Math.max(0, body.length - 5) + "\r\n", "Content-Length:\r\n")) + "\r\n", body);
                case 5 -> new Request("framing", start + host + "Transfer-Encoding: " + pick(List.of("gzip", "deflate",
                        "chunked, gzip", "gzip, chunked", "identity", "chunked, chunked", "x", "", "chunked\u0000")) + "\r\n\r\n", body);
                case 6 -> new Request("framing", start + host + "Transfer-Encoding: chunked\r\n\r\n", badChunks(body));
                case 7 -> new Request("framing", start + host + "Transfer-Encoding: chunked\r\n" + length + "\r\n", chunks(body));
                case 8 -> new Request("framing", start + host + "Transfer-Encoding: chunked\r\n\r\n", chunks(body));
                case 9 -> new Request("headers", start + host + "Expect: " + pick(List.of("100-continue", "200-ok", "",
                        "100-continue, x", "\u0001")) + "\r\n" + length + "\r\n", body);
                case 10 -> new Request("headers", "POST /api/v1/jobs HTTP/1.1\r\n" + pick(List.of("", "Host: a\r\nHost: b\r\n",
                        "Host: a b\r\n", "Host: [::1\r\n", "Host: localhost:99999\r\n", "Host: \u0001\r\n", "Host: @\r\n"))
                        + "Connection: close\r\nContent-Type: application/json\r\n" + length + "\r\n", body);
                case 11 -> new Request("framing", (start + host + length + "\r\n").replace("\r\n", "\n"), body);
                case 12 -> new Request("headers", start + host + "Idempotency-Key: " + randomText(random.nextInt(300)) + "\r\n" + length + "\r\n", body);
                case 13 -> new Request("framing", start + host + length + "\r\n", concat(body, "GARBAGE / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
                case 14 -> new Request("headers", start + host + "Cookie: " + "a=b; ".repeat(random.nextInt(1, 1500)) + "\r\n" + length + "\r\n", body);
                default -> new Request("headers", start + host + length + pick(List.of("Connection: upgrade\r\nUpgrade: h2c\r\n"
                        + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n", "Upgrade: websocket\r\nConnection: Upgrade\r\n",
                        "X-HTTP-Method-Override: DELETE\r\n", "Range: bytes=0-1\r\n", "If-None-Match: *\r\n",
                        "Authorization: Basic \u0001\r\n", "Forwarded: for=\"[::1\"\r\n", "X-Forwarded-Host: evil\r\n")) + "\r\n", body);
            };
        }

        private byte[] chunks(byte[] body) {
            String hex = Integer.toHexString(body.length);
            return concat(concat((hex + "\r\n").getBytes(StandardCharsets.ISO_8859_1), body), "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }

        private byte[] badChunks(byte[] body) {
            String frame = pick(List.of("zz\r\n", "-1\r\n", "ffffffffffffffff\r\n", "5;ext=\u0001\r\n", "1\r\n",
                    Integer.toHexString(body.length + 50) + "\r\n", "\r\n"));
            String trailer = pick(List.of("", "\r\n0\r\n", "\r\n0\r\nX-Trailer: \u0001\r\n\r\n", "\r\nx\r\n\r\n"));
            return concat(concat(frame.getBytes(StandardCharsets.ISO_8859_1), body), trailer.getBytes(StandardCharsets.ISO_8859_1));
        }

        // ---- oversized values

        private Request oversized() {
            Map<String, String> spec = validSpec();
            int size = random.nextInt(64 * 1024, 3 * 1024 * 1024);
            switch (random.nextInt(7)) {
                case 0 -> spec.put(pick(List.of("type", "pool", "timeout")), quoted("9".repeat(size) + "x"));
                case 1 -> spec.put("labels", "{\"team\":" + quoted("v".repeat(size)) + "}");
                case 2 -> spec.put("labels", "{" + quoted("k".repeat(random.nextInt(1000, 49_000))) + ":\"v\"}");
                case 3 -> spec.put("k".repeat(random.nextInt(1000, 49_000)), "1");
                case 4 -> spec.put("input", "{\"duration\":" + quoted("1".repeat(size) + "s") + "}");
                case 5 -> {
                    spec.put("type", "\"square\"");
                    spec.remove("input");
                    spec.put("items", "[" + "1,".repeat(random.nextInt(1000, 200_000)) + "1]");
                }
                default -> {
                    if (overLimitBodies++ < 2) {
                        spec.put("labels", "{\"team\":" + quoted("v".repeat(17 * 1024 * 1024)) + "}");
                    } else {
                        spec.put("timeout", quoted("x".repeat(size)));
                    }
                }
            }
            return json("oversized", render(spec));
        }

        // ---- helpers

        private Request json(String kind, String body) {
            return request(kind, "POST", "/api/v1/jobs", standardHeaders("application/json"), body.getBytes(StandardCharsets.UTF_8));
        }

        private static String standardHeaders(String contentType) {
            return "Content-Type: " + contentType + "\r\n";
        }

        private static Request request(String kind, String method, String target, String headers, byte[] body) {
            return new Request(kind, method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
                    + "Content-Length: " + body.length + "\r\n\r\n", body);
        }

        private static String render(Map<String, String> spec) {
            List<String> members = new ArrayList<>();
            spec.forEach((key, value) -> members.add(quoted(key) + ":" + value));
            return "{" + String.join(",", members) + "}";
        }

        /** A JSON string of the text; control characters escaped, so the JSON stays valid and only its value is odd. */
        private static String quoted(String text) {
            StringBuilder json = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                } else if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
            return json.append('"').toString();
        }

        /** Text as a client might type or forge it: mostly printable, with control characters, escapes and non-ASCII. */
        private String randomText(int length) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(10);
                if (kind == 0) {
                    text.append((char) random.nextInt(0, 0x20));
                } else if (kind == 1) {
                    text.append(pick(List.of("é", "💥", "\u202e", "\ufeff", "\u2028", "%00", "%2f", "../", "\\u0000")));
                } else {
                    text.append((char) random.nextInt(0x20, 0x7f));
                }
            }
            return text.toString();
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] result = new byte[a.length + b.length];
            System.arraycopy(a, 0, result, 0, a.length);
            System.arraycopy(b, 0, result, a.length, b.length);
            return result;
        }
    }
}
