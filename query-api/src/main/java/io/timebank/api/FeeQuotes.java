package io.timebank.api;

import io.timebank.ledger.Account;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.Measure;
import io.timebank.ledger.RequestAmount;
import io.timebank.ledger.Validated;
import io.timebank.schemas.StateCodec;
import io.timebank.stream.LedgerSettings;
import io.timebank.stream.LedgerStores;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** What a transfer would cost its sender now, asked before sending: the fee the ledger would charge. */
@Singleton
class FeeQuotes {

    private final LedgerRuntime runtime;
    private final LedgerSettings settings;
    private final Peers peers;
    private final Clock clock = Clock.systemUTC();

    FeeQuotes(LedgerRuntime runtime, Peers peers) {
        this.runtime = runtime;
        this.settings = runtime.settings();
        this.peers = peers;
    }

    /** The quote for {@code account} sending {@code amount} of {@code asset}; empty when there is no such account. */
    Optional<Views.FeeQuote> quote(String account, Asset asset, String amount, boolean forwarded) {
        Amount parsed = switch (RequestAmount.validate("amount", amount, settings.limits())) {
            case Validated.Valid<Amount> valid -> valid.value();
            case Validated.Invalid<Amount> invalid -> throw ProblemException.invalid("bad query parameter",
                invalid.errors());
        };
        return peers.route(LedgerStores.ACCOUNTS, account, forwarded, "/v1/accounts/" + account + "/fee?asset=" + asset
                + "&amount=" + URLEncoder.encode(amount, StandardCharsets.UTF_8), Views.FeeQuote.class,
            () -> local(account, asset, parsed));
    }

    private Optional<Views.FeeQuote> local(String id, Asset asset, Amount amount) {
        byte[] stored = runtime.partitionStore(LedgerStores.ACCOUNTS, id).get(id);
        if (stored == null) {
            return Optional.empty();
        }
        Account sender = StateCodec.decodeAccount(stored);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Amount fee = settings.ledger().feeFor(sender, amount);
        Measure factor = settings.ledger().feeFactor(sender);
        return Optional.of(new Views.FeeQuote(id, asset.name(), amount.toString(), fee.toString(),
            amount.plus(fee).toString(), factor == null ? null : factor.toString(),
            settings.ledger().available(sender, asset, now).toString()));
    }
}
