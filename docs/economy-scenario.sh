#!/usr/bin/env bash
# The economy of issue 11 on a running bank, by curl: the rate falling as a burst of activity raises
# the supply, an exchange booked at the published rate, a farming member hitting the daily cap, and
# two platforms whose scales differ tenfold crediting alike. docs/ECONOMICS.md explains each rule.
#
# Start the bank (from the repository, on a fresh data directory) with the economy switched on:
#
#   TIMEBANK_RATE_FORMULA=reserve-ratio TIMEBANK_EXCHANGE_RATE=0.01 TIMEBANK_RATE_INTERVAL=2s TIMEBANK_RATE_SAMPLES=1 \
#   TIMEBANK_POPULATION_INTERVAL=2s TIMEBANK_PLATFORM_CAPS_FARM="hard, cap=50, interval=10m" \
#   TIMEBANK_PLATFORM_SCORING_SMALL="percentile, identity, identity" \
#   TIMEBANK_PLATFORM_SCORING_LARGE="percentile, identity, identity" \
#   ./mvnw -Prun -DskipTests package
#
# then, once it says "timebank is up", in another shell: bash docs/economy-scenario.sh
set -euo pipefail
base=${TIMEBANK_URL:-http://127.0.0.1:8080}
auth=(-H "Authorization: Bearer $(cat "${TIMEBANK_DATA:-data}/operator.token")")
json=(-H 'Content-Type: application/json')
run=$(date +%s)   # makes ids unique, so the script can run again on the same bank
ago() { date -u -d "@$(( $(date +%s) - $1 ))" +%Y-%m-%dT%H:%M:%SZ; }
post() { curl -s -X POST "$base$1" "${auth[@]}" "${json[@]}" -d "$2"; echo; }
get() { curl -s "${auth[@]}" "$base$1"; echo; }
yesterday() { date -u -d "yesterday $1" +%Y-%m-%dT%H:%M:%SZ; }   # a whole day, in the past
activity() { # id platform account occurredAt interaction
  echo "{\"eventId\":\"$1-$run\",\"platform\":\"$2\",\"account\":\"$3-$run\",\"occurredAt\":\"$4\",\"measures\":{\"interaction\":$5,\"originality\":1,\"engagement\":1}}"
}
rate() { get /v1/rates/current | grep -o '"rate":"[^"]*"\|"supply":"[^"]*"\|"target":"[^"]*"\|"sequence":[0-9]*' | paste -sd' '; }

echo "== 1. The treasury funds the reserve with 1,000 stable; a member brings 200,000 of attention:"
echo "   the target is 1,000 / (0.5 × 200,000) = 0.01, the rate the bank started at"
post /v1/reserve/fundings "{\"commandId\":\"fund-$run\",\"amount\":\"1000\"}"
post /v1/activities "[$(activity whale-1 forum whale "$(ago 60)" 200000)]"
sleep 6; echo "rate now: $(rate)"

echo "== 2. A burst: three members bring 200,000 each; the rate falls by at most 5 % a publication"
post /v1/activities "[$(activity burst-1 forum burst-a "$(ago 60)" 200000),$(activity burst-2 forum burst-b "$(ago 60)" 200000),$(activity burst-3 forum burst-c "$(ago 60)" 200000)]"
for i in 1 2 3 4 5; do sleep 2; echo "rate now: $(rate)"; done

echo "== 3. An exchange of 1,000 attention is booked at the rate in force, and records it"
post /v1/exchanges "{\"commandId\":\"x-$run\",\"account\":\"whale-$run\",\"amount\":\"1000\"}"

echo "== 4. A farming member on platform farm (hard cap 50 a day, spacing 10 minutes): S = 32 five times"
batch=""
for hour in 10 11 12 13; do batch+="$(activity farm-$hour farm farmer "$(yesterday $hour:00)" 32),"; done
batch+="$(activity farm-soon farm farmer "$(yesterday 13:01)" 32)"   # a minute after the last: spaced
post /v1/activities "[$batch]"
sleep 2
get "/v1/accounts/farmer-$run/explain" | grep -o '"score":"[^"]*","spacing":"[^"]*","factor":"[^"]*","credited":"[^"]*"'

echo "== 5. Two platforms, one ten times the other's scale, the same shape: credited alike"
small=""; large=""
for v in 3 9 1 7 5 8 2 6 4 10 12 11 15 13 14 20 17 16 19 18; do
  small+="$(activity s-$v small member-s$v "$(ago 600)" $v),"; large+="$(activity l-$v large member-l$v "$(ago 600)" $(( v * 10 ))),"
done
post /v1/activities "[${small%,}]"; post /v1/activities "[${large%,}]"
sleep 5   # every partition publishes its counts; then a probe at the same place in each population
post /v1/activities "[$(activity probe-s small probe-s "$(ago 60)" 7.5),$(activity probe-l large probe-l "$(ago 60)" 75)]"
sleep 2
echo "small, 7.5 among 1..20:   $(get "/v1/accounts/probe-s-$run/explain" | grep -o '"interactionFactor":"[^"]*"')"
echo "large, 75 among 10..200:  $(get "/v1/accounts/probe-l-$run/explain" | grep -o '"interactionFactor":"[^"]*"')"
