package dev.jobpool.jobtype.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkGuardTests {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
            "100.64.0.1", "fd00:ec2::254", "fe80::1", "::ffff:127.0.0.1", "localhost"})
    void refusesAddressesInsideTheOperatorsNetwork(String host) {
        NetworkGuard guard = new NetworkGuard(false);
        assertThatThrownBy(() -> guard.resolve(host))
                .isInstanceOf(NetworkGuard.BlockedAddressException.class)
                .hasMessageContaining("jobpool.http.allow-private-networks=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "93.184.216.34"})
    void letsPublicAddressesThrough(String host) throws Exception {
        assertThat(NetworkGuard.whyBlocked(InetAddress.getByName(host))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3"})
    void theOperatorCanAllowPrivateNetworks(String host) throws Exception {
        assertThat(new NetworkGuard(true).resolve(host)).hasSize(1);
    }
}
