import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's downstream: a tiny HTTP/1.1 server on 127.0.0.1 that answers every request after a delay,
 * one virtual thread per connection, keep-alive, a deep accept backlog. Prints its port on stdout.
 *
 * <p>Usage: java DelayServer.java &lt;delay-millis&gt;
 */
public class DelayServer {

    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws IOException {
        long delayMillis = Long.parseLong(args[0]);
        ServerSocket server = new ServerSocket(0, 65535, InetAddress.getLoopbackAddress());
        System.out.println(server.getLocalPort());
        System.out.flush();
        while (true) {
            Socket socket = server.accept();
            Thread.ofVirtual().start(() -> serve(socket, delayMillis));
        }
    }

    private static void serve(Socket socket, long delayMillis) {
        try {
            socket.setSoTimeout(1000); // close keep-alive connections idle for a second, as servers do
        } catch (IOException e) {
            return;
        }
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream()) {
            while (true) {
                RequestHead head = readHead(in);
                if (head == null) {
                    return;
                }
                in.skipNBytes(head.contentLength());
                Thread.sleep(delayMillis);
                out.write(RESPONSE);
                out.flush();
                if (head.close()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private record RequestHead(long contentLength, boolean close) {
    }

    /** Reads request line and headers; null at end of stream. */
    private static RequestHead readHead(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        long contentLength = 0;
        boolean close = false;
        boolean first = true;
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString().strip();
                line.setLength(0);
                if (text.isEmpty()) {
                    if (first) {
                        continue;
                    }
                    return new RequestHead(contentLength, close);
                }
                if (!first) {
                    String lower = text.toLowerCase();
                    if (lower.startsWith("content-length:")) {
                        contentLength = Long.parseLong(lower.substring(15).strip());
                    } else if (lower.startsWith("connection:") && lower.contains("close")) {
                        close = true;
                    }
                } else if (text.startsWith("HTTP/1.0")) {
                    close = true;
                }
                first = false;
            } else {
                line.append((char) b);
            }
        }
        return null;
    }
}
