package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each account's events chained by the hash of the one before: any change, loss or reordering is found. */
class HashChainTest {

    /** Events of two accounts interleaved, each naming its account's head before it. */
    static List<HashChain.Link> ledger(String... accounts) {
        List<HashChain.Link> links = new ArrayList<>();
        java.util.Map<String, String> heads = new java.util.HashMap<>();
        for (int i = 0; i < accounts.length; i++) {
            String account = accounts[i];
            String previous = heads.getOrDefault(account, "");
            byte[] bytes = (previous + "|event " + i + " of " + account).getBytes(StandardCharsets.UTF_8);
            heads.put(account, HashChain.next(bytes));
            links.add(new HashChain.Link(account, previous, bytes, "@" + i));
        }
        return links;
    }

    static Optional<HashChain.Break> verify(List<HashChain.Link> links) {
        HashChain.Verifier verifier = new HashChain.Verifier();
        for (HashChain.Link link : links) {
            Optional<HashChain.Break> broken = verifier.accept(link);
            if (broken.isPresent()) {
                return broken;
            }
        }
        return Optional.empty();
    }

    @Test
    void anUntouchedLedgerHolds() {
        List<HashChain.Link> links = ledger("alice", "bob", "alice", "alice", "bob");
        HashChain.Verifier verifier = new HashChain.Verifier();
        links.forEach(link -> assertThat(verifier.accept(link)).isEmpty());

        assertThat(verifier.links()).isEqualTo(5);
        assertThat(verifier.head("alice")).isEqualTo(HashChain.next(links.get(3).bytes()));
    }

    @Test
    void anAlteredEventBreaksItsAccountsNextLink() {
        List<HashChain.Link> links = new ArrayList<>(ledger("alice", "bob", "alice", "alice", "bob"));
        HashChain.Link altered = links.get(2);
        links.set(2, new HashChain.Link("alice", altered.previous(), "altered".getBytes(StandardCharsets.UTF_8), "@2"));

        assertThat(verify(links)).hasValueSatisfying(broken -> {
            assertThat(broken.where()).isEqualTo("@3");
            assertThat(broken.account()).isEqualTo("alice");
        });
    }

    @Test
    void aDroppedOrReorderedEventIsFoundToo() {
        List<HashChain.Link> dropped = new ArrayList<>(ledger("alice", "alice", "alice"));
        dropped.remove(1);
        List<HashChain.Link> swapped = new ArrayList<>(ledger("alice", "alice", "alice"));
        java.util.Collections.swap(swapped, 1, 2);
        List<HashChain.Link> headless = new ArrayList<>(ledger("alice", "alice"));
        headless.removeFirst(); // an account whose first event is gone: its second names a head

        assertThat(verify(dropped)).map(HashChain.Break::where).contains("@2");
        assertThat(verify(swapped)).map(HashChain.Break::where).contains("@2");
        assertThat(verify(headless)).map(HashChain.Break::where).contains("@1");
    }

    @Test
    void anUnchainedEventBeforeAnAccountsChainIsNotCheckedButOneInsideItIsABreak() {
        List<HashChain.Link> before = new ArrayList<>(ledger("alice", "alice"));
        before.addFirst(new HashChain.Link("alice", null, "a refusal".getBytes(StandardCharsets.UTF_8), "@x"));
        List<HashChain.Link> inside = new ArrayList<>(ledger("alice", "alice"));
        inside.add(1, new HashChain.Link("alice", null, "a forged credit".getBytes(StandardCharsets.UTF_8), "@x"));

        assertThat(verify(before)).isEmpty();
        assertThat(verify(inside)).map(HashChain.Break::where).contains("@x");
    }
}
