package dev.jobpool.job.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP/1.1 client on a plain socket, for requests no well-behaved client would send: a control character
 * in the path, a header without a colon, a broken chunked body. {@code java.net.http} refuses to send those.
 * Each request goes on a new connection that the server closes after answering.
 */
final class RawHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What came back; {@code status} is 0 when no answer could be read. {@code cutOff} says the server closed
     * the connection before the client had sent everything, as a server may when it refuses the request's
     * head: the answer it sent may then be lost to the connection's reset.
     */
    record Response(int status, Map<String, String> headers, byte[] body, boolean cutOff) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        boolean isProblem() {
            String type = header("Content-Type");
            return type != null && type.startsWith("application/problem+json");
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** Sends the request line and headers as given, then the body; adds nothing. */
    Response send(String head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            boolean cutOff = false;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                socket.shutdownOutput();
            } catch (SocketException e) {
                cutOff = true;
            }
            return parse(readWhatArrived(socket.getInputStream()), cutOff);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All bytes until the server closes; a reset ends the read with what arrived before it. */
    private static byte[] readWhatArrived(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // connection reset: keep what arrived
        }
        return received.toByteArray();
    }

    Response send(String head) {
        return send(head, new byte[0]);
    }

    /** A request with {@code Host}, {@code Connection: close} and the tests' admin key added, and a Content-Length for the body. */
    Response request(String method, String target, String headers, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String length = body.isEmpty() && !method.equals("POST") ? "" : "Content-Length: " + bytes.length + "\r\n";
        return send(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
                + dev.jobpool.Api.ADMIN_KEY + "\r\n" + headers + length + "\r\n",
                bytes);
    }

    static Response parse(byte[] raw, boolean cutOff) {
        byte[] headEnd = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        // an interim answer (100 Continue) comes before the final one
        while (raw.length > 12 && raw[9] == '1' && new String(raw, 0, 5, StandardCharsets.ISO_8859_1).equals("HTTP/")) {
            int interimEnd = indexOf(raw, headEnd, 0);
            if (interimEnd < 0) {
                break;
            }
            raw = java.util.Arrays.copyOfRange(raw, interimEnd + 4, raw.length);
        }
        int end = indexOf(raw, headEnd, 0);
        if (end < 0) {
            return new Response(0, Map.of(), raw, cutOff);
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Response(status, headers, body, cutOff);
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, at);
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).trim(), 16);
            if (size == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
