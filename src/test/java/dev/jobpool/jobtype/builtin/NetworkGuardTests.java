package dev.jobpool.jobtype.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Literal addresses only: nothing here asks DNS. */
class NetworkGuardTests {

    /** A guard on a host with no addresses of its own, so only the table decides. */
    static final NetworkGuard GUARD = new NetworkGuard(false, Set::of);

    /** An address inside every row of {@link NetworkGuard#REFUSED}, and that row; written out, not computed. */
    static List<Arguments> insideEveryRefusedRange() {
        return List.of(
                Arguments.of("0.0.0.0", "0.0.0.0/8"),
                Arguments.of("0.255.255.255", "0.0.0.0/8"),
                Arguments.of("10.1.2.3", "10.0.0.0/8"),
                Arguments.of("100.64.0.1", "100.64.0.0/10"),
                Arguments.of("100.127.255.254", "100.64.0.0/10"),
                Arguments.of("127.0.0.1", "127.0.0.0/8"),
                Arguments.of("127.255.255.254", "127.0.0.0/8"),
                Arguments.of("169.254.169.254", "169.254.0.0/16"),
                Arguments.of("172.16.0.1", "172.16.0.0/12"),
                Arguments.of("172.31.255.255", "172.16.0.0/12"),
                Arguments.of("192.0.0.170", "192.0.0.0/24"),
                Arguments.of("192.0.2.1", "192.0.2.0/24"),
                Arguments.of("192.88.99.1", "192.88.99.0/24"),
                Arguments.of("192.168.1.1", "192.168.0.0/16"),
                Arguments.of("198.18.0.1", "198.18.0.0/15"),
                Arguments.of("198.19.255.254", "198.18.0.0/15"),
                Arguments.of("198.51.100.7", "198.51.100.0/24"),
                Arguments.of("203.0.113.9", "203.0.113.0/24"),
                Arguments.of("224.0.0.251", "224.0.0.0/4"),
                Arguments.of("239.255.255.250", "224.0.0.0/4"),
                Arguments.of("240.0.0.1", "240.0.0.0/4"),
                Arguments.of("255.255.255.255", "240.0.0.0/4"),
                Arguments.of("::", "::/128"),
                Arguments.of("::1", "::1/128"),
                Arguments.of("64:ff9b:1::a9fe:a9fe", "64:ff9b:1::/48"),
                Arguments.of("100::1", "100::/64"),
                Arguments.of("2001:2::1", "2001:2::/48"),
                Arguments.of("2001:db8::1", "2001:db8::/32"),
                Arguments.of("2001:db8:ffff:ffff::1", "2001:db8::/32"),
                Arguments.of("3fff::1", "3fff::/20"),
                Arguments.of("3fff:fff::1", "3fff::/20"),
                Arguments.of("fc00::1", "fc00::/7"),
                Arguments.of("fd00:ec2::254", "fc00::/7"),
                Arguments.of("fe80::1", "fe80::/10"),
                Arguments.of("febf::1", "fe80::/10"),
                Arguments.of("fec0::1", "fec0::/10"),
                Arguments.of("ff02::1", "ff00::/8"));
    }

    @ParameterizedTest(name = "{0} is in {1}")
    @MethodSource("insideEveryRefusedRange")
    void refusesEveryRangeOfTheTable(String address, String cidr) {
        String reason = NetworkGuard.REFUSED.stream().filter(range -> range.cidr().equals(cidr)).findFirst()
                .orElseThrow().reason();
        assertThat(GUARD.whyRefused(literal(address))).hasValueSatisfying(why ->
                assertThat(why).contains(" is in " + cidr + ", " + reason));
    }

    @Test
    void everyRowOfTheTableHasATest() {
        Set<String> tested = insideEveryRefusedRange().stream().map(row -> (String) row.get()[1]).collect(Collectors.toSet());
        assertThat(tested).containsExactlyInAnyOrderElementsOf(NetworkGuard.REFUSED.stream().map(NetworkGuard.Range::cidr).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "93.184.216.34", "9.255.255.255", "11.0.0.0", "100.63.255.255",
            "100.128.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.255", "192.0.3.0", "192.167.255.255", "192.169.0.0",
            "198.17.255.255", "198.20.0.0", "198.51.99.255", "198.51.101.0", "203.0.112.255", "203.0.114.0",
            "223.255.255.255", "2606:4700:4700::1111", "2001:4860:4860::8888", "2001:db9::1", "2001:3::1", "4000::1",
            // transition forms that reach a public IPv4 address (8.8.8.8) are public too
            "64:ff9b::808:808", "2002:808:808::1", "2001:0:4136:e378:8000:63bf:f7f7:f7f7"})
    void letsPublicAddressesThrough(String address) {
        assertThat(GUARD.whyRefused(literal(address))).isEmpty();
    }

    @ParameterizedTest(name = "{0} reaches {1}")
    @CsvSource({
            "::127.0.0.1, 127.0.0.1, IPv4-compatible",
            "::a9fe:a9fe, 169.254.169.254, IPv4-compatible",
            "::10.0.0.1, 10.0.0.1, IPv4-compatible",
            "::ffff:0:a9fe:a9fe, 169.254.169.254, IPv4-translated",
            "64:ff9b::a9fe:a9fe, 169.254.169.254, NAT64",
            "64:ff9b::127.0.0.1, 127.0.0.1, NAT64",
            "2002:c0a8:101::1, 192.168.1.1, 6to4",
            "2002:7f00:1:ffff::1, 127.0.0.1, 6to4",
            "2001:0:4136:e378:8000:63bf:80ff:fffe, 127.0.0.1, Teredo",
            "2001:0:4136:e378:8000:63bf:5601:5601, 169.254.169.254, Teredo"})
    void judgesAnIpv6AddressThatCarriesAnIpv4AddressByThatAddress(String address, String reached, String form) {
        assertThat(GUARD.whyRefused(literal(address))).hasValueSatisfying(why ->
                assertThat(why).contains("it is a " + form).contains("reaches " + reached + ", and " + reached + " is in "));
    }

    @Test
    void anIpv4MappedAddressIsJudgedAsIpv4HoweverItIsBuilt() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        assertThat(GUARD.whyRefused(Inet6Address.getByAddress(null, mapped, -1))).hasValueSatisfying(why ->
                assertThat(why).contains("127.0.0.0/8"));
        assertThat(GUARD.whyRefused(literal("::ffff:127.0.0.1"))).isPresent();
    }

    @Test
    void refusesThisHostsOwnAddressesAndTransitionFormsThatReachThem() {
        NetworkGuard guard = new NetworkGuard(false, () -> Set.of(literal("8.8.4.4"), literal("2606:4700::6810:84e5")));
        assertThat(guard.whyRefused(literal("8.8.4.4"))).hasValueSatisfying(why -> assertThat(why).contains("this host's own address"));
        assertThat(guard.whyRefused(literal("2606:4700::6810:84e5"))).isPresent();
        assertThat(guard.whyRefused(literal("64:ff9b::808:404"))).hasValueSatisfying(why ->
                assertThat(why).contains("reaches 8.8.4.4").contains("this host's own address"));
        assertThat(guard.whyRefused(literal("8.8.8.8"))).isEmpty();
    }

    @Test
    void refusesTheRealInterfaceAddressesOfThisMachine() {
        Set<InetAddress> own = new NetworkGuard.HostAddresses().get();
        InetAddress nonLoopback = own.stream().filter(address -> !address.isLoopbackAddress()).findFirst().orElse(null);
        assumeTrue(nonLoopback != null, "this machine has no address but loopback");
        NetworkGuard guard = new NetworkGuard(false);
        assertThatThrownBy(() -> guard.resolve(nonLoopback.getHostAddress()))
                .isInstanceOf(NetworkGuard.BlockedAddressException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "[::127.0.0.1]", "64:ff9b::a9fe:a9fe", "localhost"})
    void resolveRefusesAndNamesTheSettingThatAllowsIt(String host) {
        NetworkGuard guard = new NetworkGuard(false);
        assertThatThrownBy(() -> guard.resolve(host))
                .isInstanceOf(NetworkGuard.BlockedAddressException.class)
                .hasMessageContaining("refused to connect to " + host)
                .hasMessageContaining("jobpool.http.allow-private-networks=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "192.0.2.1", "64:ff9b::a9fe:a9fe"})
    void theOperatorCanAllowPrivateNetworks(String host) throws Exception {
        assertThat(new NetworkGuard(true).resolve(host)).hasSize(1);
    }

    @Test
    void theOperatorCanAllowThisHostsOwnAddressesToo() throws Exception {
        NetworkGuard guard = new NetworkGuard(true, () -> Set.of(literal("8.8.4.4")));
        assertThat(guard.resolve("8.8.4.4")).hasSize(1);
    }

    private static InetAddress literal(String address) {
        return InetAddress.ofLiteral(address);
    }
}
