package ai.tuco.adapters.delivery.net;

import static ai.tuco.adapters.delivery.net.TestNetwork.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkPolicyTest {
    @ParameterizedTest(name = "''{0}'' → {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
        NULL                                          | none
        ''                                            | none
        '   '                                         | none
        false                                         | none
        true                                          | true
        ' TRUE '                                      | true
        192.168.1.0/24                                | 192.168.1.0/24
        ' 192.168.1.0/24 , bluebubbles.lan '          | 192.168.1.0/24,bluebubbles.lan
        10.0.0.5                                      | 10.0.0.5/32
        fd00::/8                                      | fd00:0:0:0:0:0:0:0/8
        [::1]                                         | 0:0:0:0:0:0:0:1/128
        ::1/128                                       | 0:0:0:0:0:0:0:1/128
        0.0.0.0/0                                     | 0.0.0.0/0
        BlueBubbles.LAN.                              | bluebubbles.lan
        'relay.lan,,relay.lan'                        | relay.lan
        smtp-1.internal.example.com                   | smtp-1.internal.example.com
        """)
    void parse_acceptsRangesAddressesAndHostnames(String value, String canonical) {
        assertThat(NetworkPolicy.parse(value).toString()).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
        192.168.1.0/33           | prefix length must be a number from 0 to 32
        fd00::/129               | prefix length must be a number from 0 to 128
        10.0.0.0/abc             | prefix length must be a number
        10.0.0.0/                | prefix length must be a number
        192.168.1.5/24           | write the range's first address, e.g. 192.168.1.0/24
        256.1.1.1                | 256 is over 255
        10.0.0                   | not a valid IP address
        0177.0.0.1               | not a valid IP address
        0x7f.0.0.1               | not a valid IP address
        2130706433               | not a valid IP address
        bogus::zz/8              | not a valid IP address
        ::ffff:10.0.0.0/104      | write IPv4-mapped addresses as plain IPv4
        *.lan                    | wildcards are not supported
        http://relay.lan         | is a URL; list its hostname
        relay.lan:8080           | not a valid IP address
        bad_host.lan             | is not a hostname
        -relay.lan               | is not a hostname
        'relay.lan,true'         | must stand alone
        """)
    void parse_refusesABadEntry_namingIt(String value, String message) {
        assertThatThrownBy(() -> NetworkPolicy.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} permits {1} via {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
        none                   | relay.lan   | 192.168.1.5      | false
        none                   | example.com | 93.184.215.14    | true
        192.168.1.0/24         | anything    | 192.168.1.5      | true
        192.168.1.0/24         | anything    | 192.168.2.5      | false
        192.168.1.0/24         | anything    | 64:ff9b::c0a8:105 | true
        192.168.1.0/24         | anything    | 2002:c0a8:105::  | true
        relay.lan              | relay.lan   | 192.168.1.5      | true
        relay.lan              | RELAY.LAN.  | 192.168.1.5      | true
        relay.lan              | evil.lan    | 192.168.1.5      | false
        fd00::/8               | anything    | fd12::1          | true
        fd00::/8               | anything    | fe80::1          | false
        true                   | anything    | 169.254.169.254  | true
        """)
    void permits(String setting, String host, String address, boolean permitted) {
        NetworkPolicy policy = setting.equals("none") ? NetworkPolicy.none() : NetworkPolicy.parse(setting);
        assertThat(policy.permits(host, ip(address))).isEqualTo(permitted);
    }

    @Test
    void check_throwsNamingTheHostAndTheKindOfAddress() {
        assertThatThrownBy(() -> NetworkPolicy.none().check("relay.lan", ip("192.168.1.5")))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessage("refused to connect to relay.lan: it is a private address (192.168.0.0/16); only public addresses"
                        + " are reached unless TUCO_ALLOW_PRIVATE_NETWORKS lists the host or its range");
    }

    @Test
    void equalPolicies_parseToTheSameCanonicalForm() {
        assertThat(NetworkPolicy.parse("relay.lan, 10.0.0.0/8")).isEqualTo(NetworkPolicy.parse("10.0.0.0/8,RELAY.lan"))
                .isNotEqualTo(NetworkPolicy.none());
        assertThat(NetworkPolicy.parse("true")).isSameAs(NetworkPolicy.everything());
        assertThat(NetworkPolicy.everything().allowsEverything()).isTrue();
        assertThat(NetworkPolicy.none().allowsEverything()).isFalse();
    }
}
