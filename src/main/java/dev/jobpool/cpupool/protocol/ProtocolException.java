package dev.jobpool.cpupool.protocol;

import java.io.IOException;

/** A frame that breaks the protocol: bad magic, unknown version or type, too long. The peer is not trusted after it. */
public class ProtocolException extends IOException {

    public ProtocolException(String message) {
        super(message);
    }
}
