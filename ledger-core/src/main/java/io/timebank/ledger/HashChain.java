package io.timebank.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Each account's history as a hash chain: every ledger event of an account carries the head of the
 * account's chain before it (the hash of its previous event), and the head after it is the SHA-256
 * of the event's bytes as written to the ledger topic, which include that previous head. Altering,
 * dropping or reordering an event breaks the link of the account's next event; the account's state
 * and its statements carry the head, which pins the last one. An event for an account that does not
 * exist once it is applied (a refusal to an unknown sender) changes nothing and is not chained; after an
 * account's first chained event, an unchained one of it is a break too.
 */
public final class HashChain {

    private HashChain() {
    }

    /** The head after an event whose bytes on the ledger topic are {@code recordBytes}, in hex. */
    public static String next(byte[] recordBytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(recordBytes));
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("every JVM has SHA-256", missing);
        }
    }

    /**
     * One event as read from the ledger topic.
     *
     * @param previous the head the event says came before it; null when the event is not chained
     * @param where    where it was read (topic, partition, offset), for the report
     */
    public record Link(String account, String previous, byte[] bytes, String where) {
    }

    /** Where a chain breaks: the event at {@code where} names {@code found} as its previous head, not {@code expected}. */
    public record Break(String where, String account, String expected, String found) {

        @Override
        public String toString() {
            return "the chain of " + account + " breaks at " + where + ": the event names " + found
                + " as the head before it, the events before it give " + expected;
        }
    }

    /** Recomputes the chains from the ledger's events in topic order (each account's in its own order). */
    public static final class Verifier {

        private final Map<String, String> heads = new HashMap<>();
        private long links;

        /** Checks {@code link} against the account's chain so far and extends it; empty when it holds. */
        public Optional<Break> accept(Link link) {
            if (link.previous() == null) {
                // Not chained: an event that changed no account. Once an account's chain began, each of its events
                // names a head (an account is never closed), so one that names none was put there by someone else.
                return heads.containsKey(link.account())
                    ? Optional.of(new Break(link.where(), link.account(), heads.get(link.account()), "(no head: unchained)"))
                    : Optional.empty();
            }
            links++;
            String expected = heads.get(link.account());
            heads.put(link.account(), next(link.bytes()));
            boolean first = expected == null;
            return (first ? link.previous().isEmpty() : link.previous().equals(expected)) ? Optional.empty()
                : Optional.of(new Break(link.where(), link.account(), first ? "(none: its first event)" : expected,
                    link.previous().isEmpty() ? "(none)" : link.previous()));
        }

        /** The head of {@code account}'s chain so far, or null when none of its events was chained. */
        public String head(String account) {
            return heads.get(account);
        }

        /** How many chained events were checked. */
        public long links() {
            return links;
        }

        public Map<String, String> heads() {
            return Map.copyOf(heads);
        }
    }
}
