package dev.jobpool.jobtype.builtin;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Keeps the {@code http} job type from being an SSRF proxy: refuses addresses inside the operator's own
 * network (loopback, private, link-local, cloud metadata, carrier-grade NAT, unique-local IPv6) unless
 * {@code jobpool.http.allow-private-networks} is on. It checks resolved addresses, so a public name that
 * resolves to a private address, or a redirect to one, is refused too.
 */
public final class NetworkGuard {

    static final String SETTING = "jobpool.http.allow-private-networks";

    private final boolean allowPrivateNetworks;

    public NetworkGuard(boolean allowPrivateNetworks) {
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /** Resolves a host name and returns its addresses, or throws if any of them is refused. */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            check(host, address);
        }
        return addresses;
    }

    void check(String host, InetAddress address) throws BlockedAddressException {
        if (allowPrivateNetworks) {
            return;
        }
        Optional<String> reason = whyBlocked(address);
        if (reason.isPresent()) {
            throw new BlockedAddressException("refused to connect to " + host + " (" + address.getHostAddress()
                    + "): it is a " + reason.get() + " address, and jobs may only reach public addresses; set "
                    + SETTING + "=true to allow private networks");
        }
    }

    /** Why an address is refused, or empty for a public address. */
    static Optional<String> whyBlocked(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("wildcard");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local (cloud metadata)");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (first == 0) {
                return Optional.of("\"this network\"");
            }
            if (first == 100 && (second & 0xc0) == 64) {
                return Optional.of("carrier-grade NAT");
            }
            if (first == 198 && (second & 0xfe) == 18) {
                return Optional.of("benchmarking");
            }
            if (first >= 240) {
                return Optional.of("reserved");
            }
        }
        if (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc) {
            return Optional.of("unique-local (private IPv6)");
        }
        return Optional.empty();
    }

    /** An address the guard refused; a subclass of {@link UnknownHostException} so HTTP clients pass it through. */
    public static final class BlockedAddressException extends UnknownHostException {

        BlockedAddressException(String message) {
            super(message);
        }
    }
}
