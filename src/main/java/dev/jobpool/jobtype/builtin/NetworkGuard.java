package dev.jobpool.jobtype.builtin;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Keeps the {@code http} job type from being an SSRF proxy: refuses addresses inside the operator's own
 * network unless {@code jobpool.http.allow-private-networks} is on. It decides by what an address reaches, not
 * by how it is spelled: it checks resolved addresses (so a public name that resolves to a private address, or
 * a redirect to one, is refused too), judges an IPv6 address that carries an IPv4 address (NAT64, 6to4,
 * IPv4-mapped...) by that IPv4 address, and refuses this host's own addresses, through which a job could call
 * jobpool itself.
 */
public final class NetworkGuard {

    static final String SETTING = "jobpool.http.allow-private-networks";

    /**
     * Every range a job may not reach, with the reason a refusal names: the one table of this rule. Sources: the
     * IANA IPv4 and IPv6 special-purpose address registries (RFC 6890 and its updates).
     */
    static final List<Range> REFUSED = List.of(
            Range.of("0.0.0.0/8", "\"this network\" (0.0.0.0 reaches this host)"),
            Range.of("10.0.0.0/8", "private"),
            Range.of("100.64.0.0/10", "carrier-grade NAT (shared address space)"),
            Range.of("127.0.0.0/8", "loopback"),
            Range.of("169.254.0.0/16", "link-local (cloud metadata)"),
            Range.of("172.16.0.0/12", "private"),
            Range.of("192.0.0.0/24", "IETF protocol assignments"),
            Range.of("192.0.2.0/24", "documentation (TEST-NET-1)"),
            Range.of("192.88.99.0/24", "6to4 relay anycast"),
            Range.of("192.168.0.0/16", "private"),
            Range.of("198.18.0.0/15", "benchmarking"),
            Range.of("198.51.100.0/24", "documentation (TEST-NET-2)"),
            Range.of("203.0.113.0/24", "documentation (TEST-NET-3)"),
            Range.of("224.0.0.0/4", "multicast"),
            Range.of("240.0.0.0/4", "reserved (and broadcast)"),
            Range.of("::/128", "unspecified (reaches this host)"),
            Range.of("::1/128", "loopback"),
            Range.of("64:ff9b:1::/48", "local-use NAT64 (what it reaches depends on the local network)"),
            Range.of("100::/64", "discard-only"),
            Range.of("2001:2::/48", "benchmarking"),
            Range.of("2001:db8::/32", "documentation"),
            Range.of("3fff::/20", "documentation"),
            Range.of("fc00::/7", "unique-local (private IPv6)"),
            Range.of("fe80::/10", "link-local"),
            Range.of("fec0::/10", "site-local (deprecated private IPv6)"),
            Range.of("ff00::/8", "multicast"));

    /** IPv6 forms that carry an IPv4 address: a packet to one of them reaches that IPv4 address. */
    static final List<Embedding> EMBEDDINGS = List.of(
            // the JDK already reads these as IPv4 addresses; kept so the table says it all
            new Embedding(Range.of("::ffff:0:0/96", "IPv4-mapped"), bytes -> Arrays.copyOfRange(bytes, 12, 16)),
            new Embedding(Range.of("::/96", "IPv4-compatible"), bytes -> Arrays.copyOfRange(bytes, 12, 16)),
            new Embedding(Range.of("::ffff:0:0:0/96", "IPv4-translated (SIIT)"), bytes -> Arrays.copyOfRange(bytes, 12, 16)),
            new Embedding(Range.of("64:ff9b::/96", "NAT64"), bytes -> Arrays.copyOfRange(bytes, 12, 16)),
            new Embedding(Range.of("2002::/16", "6to4"), bytes -> Arrays.copyOfRange(bytes, 2, 6)),
            // Teredo carries the client's public IPv4 address in the last 32 bits, inverted; the relay sends there
            new Embedding(Range.of("2001::/32", "Teredo"), bytes -> invert(Arrays.copyOfRange(bytes, 12, 16))));

    private final boolean allowPrivateNetworks;
    private final Supplier<Set<InetAddress>> hostAddresses;

    public NetworkGuard(boolean allowPrivateNetworks) {
        this(allowPrivateNetworks, new HostAddresses());
    }

    /** @param hostAddresses this host's own addresses, as {@link #normalized} addresses */
    NetworkGuard(boolean allowPrivateNetworks, Supplier<Set<InetAddress>> hostAddresses) {
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.hostAddresses = hostAddresses;
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
        Optional<String> reason = whyRefused(address);
        if (reason.isPresent()) {
            throw new BlockedAddressException("refused to connect to " + host + " (" + address.getHostAddress() + "): "
                    + reason.get() + "; jobs may only reach public addresses; set " + SETTING
                    + "=true to allow private networks");
        }
    }

    /** Why a job may not reach an address, or empty for a public address. */
    Optional<String> whyRefused(InetAddress address) {
        InetAddress plain = normalized(address);
        Optional<String> reason = whyRefusedAsIs(plain);
        if (reason.isPresent()) {
            return reason;
        }
        for (Embedding embedding : EMBEDDINGS) {
            if (embedding.prefix().contains(plain)) {
                InetAddress reached = embedding.ipv4Inside(plain);
                return whyRefusedAsIs(reached).map(why -> "it is a " + embedding.prefix().reason()
                        + " address that reaches " + reached.getHostAddress() + ", and " + why);
            }
        }
        return Optional.empty();
    }

    private Optional<String> whyRefusedAsIs(InetAddress address) {
        for (Range range : REFUSED) {
            if (range.contains(address)) {
                return Optional.of(address.getHostAddress() + " is in " + range.cidr() + ", " + range.reason());
            }
        }
        if (hostAddresses.get().contains(address)) {
            return Optional.of(address.getHostAddress() + " is this host's own address (a job must not call jobpool itself)");
        }
        return Optional.empty();
    }

    /** The bare address: no host name, no IPv6 scope, so two spellings of one address compare equal. */
    static InetAddress normalized(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // cannot happen: the bytes come from an address
        }
    }

    private static byte[] invert(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        return bytes;
    }

    /** A CIDR block, as written, and why it is special. */
    record Range(String cidr, byte[] network, int prefixLength, String reason) {

        static Range of(String cidr, String reason) {
            int slash = cidr.indexOf('/');
            byte[] network = parseLiteral(cidr.substring(0, slash));
            int prefixLength = Integer.parseInt(cidr.substring(slash + 1));
            if (prefixLength < 0 || prefixLength > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + cidr);
            }
            return new Range(cidr, network, prefixLength, reason);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int restBits = prefixLength % 8;
            int mask = (0xff << (8 - restBits)) & 0xff;
            return restBits == 0 || (bytes[fullBytes] & mask) == (network[fullBytes] & mask);
        }

        /**
         * The bytes of an address literal. The JDK turns {@code ::ffff:a.b.c.d} into an IPv4 address, which a
         * range of IPv6 addresses must keep as 16 bytes.
         */
        private static byte[] parseLiteral(String literal) {
            InetAddress address = InetAddress.ofLiteral(literal);
            byte[] bytes = address.getAddress();
            if (address instanceof Inet4Address && literal.contains(":")) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        }

        @Override
        public String toString() {
            return cidr + " (" + reason + ")";
        }
    }

    /** An IPv6 prefix whose addresses carry an IPv4 address, and where to find it. */
    record Embedding(Range prefix, UnaryOperator<byte[]> extract) {

        InetAddress ipv4Inside(InetAddress address) {
            try {
                return InetAddress.getByAddress(extract.apply(address.getAddress()));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // cannot happen: extract returns four bytes
            }
        }
    }

    /**
     * This host's own addresses, from its network interfaces; read again at most every few seconds, since
     * interfaces come and go (DHCP, containers) and reading them costs a system call per interface.
     */
    static final class HostAddresses implements Supplier<Set<InetAddress>> {

        private static final long REFRESH_NANOS = Duration.ofSeconds(5).toNanos();

        private record Snapshot(Set<InetAddress> addresses, long readAt) {
        }

        private volatile Snapshot snapshot;

        @Override
        public Set<InetAddress> get() {
            Snapshot current = snapshot;
            long now = System.nanoTime();
            if (current == null || now - current.readAt() > REFRESH_NANOS) {
                current = new Snapshot(read(current), now);
                snapshot = current;
            }
            return current.addresses();
        }

        private static Set<InetAddress> read(Snapshot previous) {
            try {
                return NetworkInterface.networkInterfaces()
                        .flatMap(NetworkInterface::inetAddresses)
                        .map(NetworkGuard::normalized)
                        .collect(Collectors.toUnmodifiableSet());
            } catch (SocketException e) {
                return previous == null ? Set.of() : previous.addresses(); // keep what we knew
            }
        }
    }

    /** An address the guard refused; a subclass of {@link UnknownHostException} so HTTP clients pass it through. */
    public static final class BlockedAddressException extends UnknownHostException {

        BlockedAddressException(String message) {
            super(message);
        }
    }
}
