package io.timebank.stream;

import io.timebank.ledger.Activity;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.SupplyReading;

/** What reaches an account's partition: everything that may change the account. */
sealed interface LedgerInput {

    /**
     * A validated activity, not yet de-duplicated or scored.
     *
     * @param encoded the record as it reached this partition (as the platform sent it, or in the
     *                internal form after a repartition): what a refusal sends to the dead-letter topic
     */
    record Arrived(Activity activity, byte[] encoded) implements LedgerInput {
    }

    /** A client command decided on this account. */
    record Command(LedgerCommand command, byte[] encoded) implements LedgerInput {
    }

    /** An event from another partition to apply here: a transfer's credit leg, a refund, a fee settlement. */
    record Transit(LedgerEvent event) implements LedgerInput {
    }

    /** A partition's supply, at the partition that sets the rate. */
    record Reading(SupplyReading reading) implements LedgerInput {
    }
}
