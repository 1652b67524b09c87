package io.timebank.stream;

import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.RateChanged;
import io.timebank.ledger.SupplyReading;

/** What the ledger processor produces, each routed to its own topic. */
sealed interface LedgerOutput {

    /** Applied to this partition's account, encoded and chained: goes to the ledger topic as it is. */
    record Booked(byte[] encoded) implements LedgerOutput {
    }

    /** To be applied on the partition of the record's key: goes to the transit topic. */
    record Forwarded(LedgerEvent event) implements LedgerOutput {
    }

    /** Bad input found only here (a duplicate id, an absurd score): goes to the dead-letter topic. */
    record Rejected(String reason, byte[] original) implements LedgerOutput {
    }

    /** This partition's supply, for the partition that sets the rate: goes to the supply topic. */
    record Reported(SupplyReading reading) implements LedgerOutput {
    }

    /** A rate the bank published: goes to the rates topic. */
    record Published(RateChanged changed) implements LedgerOutput {
    }

    /** This partition's counts of a platform's measure on a day (null: the day is dropped): goes to the populations topic. */
    record Counted(byte[] distribution) implements LedgerOutput {
    }
}
