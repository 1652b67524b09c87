package io.timebank.api;

/**
 * The examples the OpenAPI document (and Swagger UI at /swagger-ui/) shows for each request and answer,
 * as JSON, on the types they describe ({@code @Schema(example = …)}); the error answers' examples are
 * in src/main/openapi. Figures follow the README's quick start (τ = 100 h, fee 0.1 %); OpenApiDocumentTest
 * checks that every operation has them and that each one parses.
 */
final class ApiExamples {

    private ApiExamples() {
    }

    static final String TRANSFER_BODY = """
        {"commandId": "t-42", "from": "alice", "to": "bob", "amount": "10.5", "memo": "soup",
         "metadata": {"invoice": {"type": "text", "value": "2026-0042"}}}""";

    static final String OUTCOME = """
        {"commandId": "t-42", "status": "COMPLETED", "account": "alice", "requestDigest": "4f1c0b8e2a7d9c31",
         "events": [{"type": "TransferDebited", "account": "alice", "at": "2026-11-26T15:01:02.345Z", "amount": "10.500000",
                     "fee": "0.010500", "counterparty": "bob"},
                    {"type": "TransferCredited", "account": "bob", "at": "2026-11-26T15:01:02.345Z", "amount": "10.500000",
                     "counterparty": "alice"}]}""";

    static final String BATCH_ANSWER = """
        {"transfers": [{"index": 0, "status": 200, "outcome": {"commandId": "t-42", "status": "COMPLETED", "account": "alice",
                          "requestDigest": "4f1c0b8e2a7d9c31", "events": []}},
                       {"index": 1, "status": 422, "problem": {"type": "about:blank", "title": "Invalid input", "status": 422,
                          "detail": "the command was not accepted", "errors": [{"field": "amount", "message": "is required"}]}}]}""";

    static final String EXCHANGE_BODY = """
        {"commandId": "x-7", "account": "alice", "amount": "25"}""";

    static final String OPEN_ACCOUNT_BODY = """
        {"commandId": "open-carol", "account": "carol", "platform": "forum", "creditLimit": "50"}""";

    static final String LIMITS_BODY = """
        {"commandId": "limit-carol-2", "creditLimit": "120"}""";

    static final String RESERVE_FUNDING_BODY = """
        {"commandId": "fund-2026-11", "amount": "100000"}""";

    static final String COMMAND_BODY = """
        {"commandId": "repay-l-1"}""";

    static final String ACCOUNT = """
        {"account": "alice", "platform": "seed", "at": "2026-11-26T15:00:00Z", "openedAt": "2026-11-25T01:00:00Z",
         "creditLimit": "0.000000",
         "balances": [{"asset": "ATTENTION", "amount": "271.449881", "available": "271.178703",
                       "lastEntryAt": "2026-11-25T10:00:00Z", "entries": 10},
                      {"asset": "STABLE", "amount": "0.000000", "available": "0.000000", "entries": 0}]}""";

    static final String ENTRIES = """
        {"account": "alice", "entries": [
           {"sequence": 1, "type": "Deposited", "at": "2026-11-25T01:00:00Z", "asset": "ATTENTION", "amount": "32.000000",
            "reference": "seed:seed-1", "score": {"interaction": "4", "originality": "2", "engagement": "4",
            "interactionFactor": "4", "originalityFactor": "2", "engagementFactor": "4", "score": "32.000000",
            "spacing": "1", "factor": "1", "credited": "32.000000"}},
           {"sequence": 11, "type": "TransferDebited", "at": "2026-11-26T15:01:02.345Z", "asset": "ATTENTION",
            "amount": "-10.510500", "fee": "0.010500", "counterparty": "bob", "reference": "t-42"}],
         "nextAfter": 11}""";

    static final String EXPLAIN = """
        {"account": "alice", "at": "2026-11-25T10:00:00Z", "meanLifetime": "PT100H",
         "contributions": [{"sequence": 1, "type": "Deposited", "at": "2026-11-25T01:00:00Z", "amount": "32.000000",
                            "weight": "0.913931185271228", "value": "29.245798"}],
         "total": "271.449881", "balance": "271.449881",
         "sources": [{"platform": "seed", "deposits": 10, "credited": "292.000000", "value": "271.449881",
                      "interactionFactor": "3.300000", "originalityFactor": "2.500000", "engagementFactor": "3.500000",
                      "score": "29.200000"}]}""";

    static final String CURVE = """
        {"account": "alice", "from": "2026-10-27T15:00:00Z", "to": "2026-11-26T15:00:00Z", "until": "2026-12-26T15:00:00Z",
         "meanLifetime": "PT100H",
         "points": [{"at": "2026-10-27T15:00:00Z", "balance": "0.000000", "projected": false},
                    {"at": "2026-11-25T01:00:00Z", "balance": "0.000000", "projected": false},
                    {"at": "2026-11-25T01:00:00Z", "balance": "32.000000", "projected": false},
                    {"at": "2026-11-26T15:00:00Z", "balance": "183.019873", "projected": false},
                    {"at": "2026-12-26T15:00:00Z", "balance": "0.137427", "projected": true}],
         "deposits": [{"sequence": 1, "at": "2026-11-25T01:00:00Z", "bookedAt": "2026-11-25T01:00:00Z", "amount": "32.000000",
                       "platform": "seed"}]}""";

    static final String FEE_QUOTE = """
        {"account": "alice", "asset": "ATTENTION", "amount": "10.500000", "fee": "0.010500", "debit": "10.510500",
         "available": "182.837036"}""";

    static final String STATEMENT = """
        {"account": "alice", "from": "2026-11-25T00:00:00Z", "to": "2026-11-25T10:00:00Z", "provisional": true,
         "chainHead": "9f2c4d0e7b1a5c3d8e6f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d",
         "assets": [{"asset": "ATTENTION", "opening": "0.000000", "totalIn": "292.000000", "totalOut": "0.000000",
                     "decay": "20.550119", "closing": "271.449881",
                     "lines": [{"sequence": 1, "type": "Deposited", "at": "2026-11-25T01:00:00Z",
                                "bookedAt": "2026-11-25T01:00:00Z", "amount": "32.000000", "reference": "seed:seed-1"}]},
                    {"asset": "STABLE", "opening": "0.000000", "totalIn": "0.000000", "totalOut": "0.000000",
                     "decay": "0.000000", "closing": "0.000000", "lines": []}]}""";

    static final String STATEMENT_CSV = """
        asset,row,sequence,type,at,bookedAt,amount,fee,counterparty,reference,memo,metadata
        ATTENTION,opening,,,2026-11-25T00:00:00Z,,0.000000,,,,,
        ATTENTION,entry,1,Deposited,2026-11-25T01:00:00Z,2026-11-25T01:00:00Z,32.000000,,,seed:seed-1,,
        ATTENTION,decay,,,2026-11-25T10:00:00Z,,-2.754202,,,,,
        ATTENTION,closing,,,2026-11-25T10:00:00Z,,29.245798,,,,,
        """;

    static final String ACTIVITIES = """
        [{"eventId": "seed-1", "platform": "seed", "account": "alice", "occurredAt": "2026-11-25T01:00:00Z",
          "measures": {"interaction": 4, "originality": 2, "engagement": 4}},
         {"eventId": "seed-2", "platform": "seed", "account": "alice", "occurredAt": "2026-11-25T02:00:00Z",
          "measures": {"interaction": 5, "originality": 3, "engagement": 3}}]""";

    static final String ACTIVITY_RECEIPT = """
        {"accepted": 1, "rejected": [{"index": 1, "eventId": "seed-2",
          "errors": [{"field": "occurredAt", "message": "is too old: 2026-11-01T02:00:00Z is more than PT168H before now"}]}]}""";

    static final String MANDATE_BODY = """
        {"commandId": "m-1", "payer": "alice", "collector": "gym", "max": "30"}""";

    static final String COLLECTION_BODY = """
        {"commandId": "c-2026-11", "to": "gym", "asset": "ATTENTION",
         "legs": [{"from": "alice", "amount": "12", "memo": "November"}, {"from": "bob", "amount": "12", "memo": "November"}]}""";

    static final String LOAN_BODY = """
        {"commandId": "l-1", "lender": "bank-loans", "borrower": "alice", "amount": "100", "rate": "0.01", "count": 4,
         "interval": "P7D", "first": "2026-12-03T00:00:00Z"}""";

    static final String LOAN = """
        {"id": "l-1", "lender": "bank-loans", "borrower": "alice", "principal": "100.000000", "rate": "0.01", "count": 4,
         "interval": "P7D", "nextInstallment": 2, "nextDue": "2026-12-10T00:00:00Z", "arrears": "0.000000",
         "arrearsInterest": "0.000000", "principalPaid": "24.628109", "interestPaid": "1.000000", "payoff": "76.125891",
         "installments": [{"n": 1, "due": "2026-12-03T00:00:00Z", "principal": "24.628109", "interest": "1.000000",
                           "amount": "25.628109", "collected": true},
                          {"n": 2, "due": "2026-12-10T00:00:00Z", "principal": "24.874390", "interest": "0.753719",
                           "amount": "25.628109", "collected": false}]}""";

    static final String LOANS = "{\"account\": \"alice\", \"loans\": [" + LOAN + "]}";

    static final String STANDING_ORDER_BODY = """
        {"commandId": "rent", "from": "alice", "to": "landlord", "asset": "STABLE", "amount": "40", "memo": "rent",
         "first": "2026-12-01T09:00:00Z", "interval": "P1M", "count": 12}""";

    static final String STANDING_ORDERS = """
        {"account": "alice", "orders": [{"id": "rent", "from": "alice", "to": "landlord", "asset": "STABLE", "amount": "40",
          "memo": "rent", "first": "2026-12-01T09:00:00Z", "interval": "P1M", "count": 12, "next": 0,
          "nextDue": "2026-12-01T09:00:00Z", "failures": 0, "failuresMax": 3}]}""";

    static final String PAYOUT_BODY = """
        {"commandId": "dividend", "fund": "bank-payouts", "asset": "STABLE", "memo": "monthly share",
         "first": "2026-12-01T00:00:00Z", "interval": "P1M", "shares": [{"to": "alice", "weight": 3}, {"to": "bob", "weight": 1}],
         "portion": "0.5"}""";

    static final String UPCOMING_PAYOUTS = """
        {"account": "alice", "payouts": [{"plan": "dividend", "fund": "bank-payouts", "nextDue": "2026-12-01T00:00:00Z",
          "amount": "150.000000", "weight": 3, "totalWeight": 4, "portion": "0.5", "interval": "P1M"}]}""";

    static final String TERM_DEPOSIT_BODY = """
        {"commandId": "td-1", "account": "alice", "amount": "100", "term": "P30D"}""";

    static final String RATE = """
        {"rate": "0.982314", "previous": "0.990000", "at": "2026-11-26T15:00:00Z", "sequence": 1440,
         "formula": "reserve-ratio", "formulaVersion": 1, "supply": "203611.552110", "reserve": "100000.000000",
         "target": "0.982314",
         "parameters": {"weight": "0.5", "maxStep": "0.05", "floor": "0.001", "ceiling": "1000", "samples": 5,
                        "interval": "PT1M", "reserveAccount": "bank-reserve"},
         "yours": {"quality": "0.71", "deposits": 20, "feeFactor": "0.916"}}""";

    static final String RATE_HISTORY = """
        {"rates": [{"rate": "0.990000", "previous": "1.000000", "at": "2026-11-26T14:59:00Z", "sequence": 1439,
                    "formula": "reserve-ratio", "formulaVersion": 1, "supply": "202010.000000", "reserve": "100000.000000",
                    "target": "0.990000"}],
         "nextFrom": "2026-11-26T14:59:00.001Z"}""";

    static final String TOKEN_REQUEST = """
        {"account": "alice"}""";

    static final String TOKEN_ANSWER = """
        {"account": "alice", "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsInJvbGVzIjpbIm1lbWJlciJdfQ.c2lnbmF0dXJl"}""";

    static final String CALLER = """
        {"subject": "alice", "roles": ["member"]}""";
}
