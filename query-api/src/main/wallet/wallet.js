'use strict';
// The member's wallet: reads the bank's HTTP API with the member's bearer token and shows it.
// Every number comes from the API as the bank computed it; the page only lays it out.
// Text from the bank (memos, names) is set with textContent, never parsed as HTML.

const HISTORY_PAGE = 20;
const EXPLAIN_SHOWN = 12;

const state = { token: null, account: null, operator: false, historyBefore: null, quoteTimer: null };

const element = id => document.getElementById(id);
const path = account => '/v1/accounts/' + encodeURIComponent(account);

class ApiError extends Error {
  constructor(status, problem) {
    super(describe(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

/** A problem+json answer in a person's words: its detail, then each field's complaint. */
function describe(status, problem) {
  if (problem && typeof problem === 'object') {
    const fields = (problem.errors || []).map(error => error.field + ' ' + error.message).join('; ');
    const text = problem.detail || problem.title || 'the bank answered ' + status;
    return fields ? text + ': ' + fields : text;
  }
  return 'the bank answered ' + status;
}

async function api(resource, options = {}) {
  const response = await fetch(resource, {
    ...options,
    headers: { Authorization: 'Bearer ' + state.token, Accept: 'application/json', ...(options.headers || {}) },
  });
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === undefined || text === null ? '' : String(text);
  if (className) {
    td.className = className;
  }
  return td;
}

function clear(tbody) {
  while (tbody.firstChild) {
    tbody.removeChild(tbody.firstChild);
  }
}

const when = instant => new Date(instant).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO-8601 duration such as PT100H or PT1440H in words. */
function lifetime(iso) {
  const match = /^PT(\d+)H$/.exec(iso);
  if (!match) {
    return iso;
  }
  const hours = Number(match[1]);
  return hours % 24 === 0 ? hours / 24 + ' days' : hours + ' hours';
}

const TYPES = {
  Deposited: 'Activity credited', TransferDebited: 'Sent', TransferCredited: 'Received', TransferRefunded: 'Refund',
  Exchanged: 'Exchanged', FeeSettled: 'Fees settled', AccountOpened: 'Account opened', LegsDebited: 'Sent to several',
  LoanGranted: 'Loan granted', LoanPaid: 'Loan installment', CollectionLegDebited: 'Collected from you',
  CollectionSettled: 'Collection', TransferReserved: 'Reserved', TransferPosted: 'Reservation posted',
  TransferVoided: 'Reservation released', CreditLimitChanged: 'Credit limit changed',
};
const label = type => TYPES[type] || type.replace(/([a-z])([A-Z])/g, '$1 $2');

// Signing in -------------------------------------------------------------------------------------

element('sign-in-form').addEventListener('submit', async event => {
  event.preventDefault();
  element('sign-in-error').textContent = '';
  state.token = element('token').value.trim();
  try {
    const caller = await api('/v1/tokens/current');
    state.operator = caller.roles.includes('operator');
    if (state.operator) {
      element('lookup-label').hidden = false;
      const lookup = element('lookup').value.trim();
      if (!lookup) {
        element('sign-in-error').textContent = 'Signed in as an operator: name the account to look up.';
        return;
      }
      state.account = lookup;
    } else if (caller.roles.includes('member')) {
      state.account = caller.subject;
    } else {
      element('sign-in-error').textContent = 'This is a platform\'s key, not a member\'s token.';
      return;
    }
    element('who').textContent = (state.operator ? 'operator ' + caller.subject + ' viewing ' : '') + state.account;
    element('sign-in').hidden = true;
    element('wallet').hidden = false;
    element('sign-out').hidden = false;
    await refresh();
  } catch (problem) {
    element('sign-in-error').textContent = problem.status === 401
      ? 'That token is not valid, or it has expired: ask your platform for a new one.' : problem.message;
  }
});

element('sign-out').addEventListener('click', () => window.location.reload());

async function refresh() {
  await Promise.all([balances(), curve(), explain(), history(), statement(), rate(), timeProducts()]);
}

/** Runs a section's loader, showing its failure in the section instead of failing the page. */
async function section(id, load) {
  const node = element(id);
  node.querySelectorAll('.section-error').forEach(old => old.remove());
  try {
    await load();
  } catch (problem) {
    const note = document.createElement('p');
    note.className = 'error section-error';
    note.textContent = problem.status === 404 ? 'No account ' + state.account + ' yet: it opens with its first deposit.'
      : problem.message;
    node.appendChild(note);
  }
}

// Balances ---------------------------------------------------------------------------------------

function balances() {
  return section('balances-section', async () => {
    const view = await api(path(state.account));
    element('account-name').textContent = view.account + (view.platform ? ' (' + view.platform + ')' : '');
    const body = element('balances').tBodies[0];
    clear(body);
    for (const balance of view.balances) {
      const row = body.insertRow();
      cell(row, balance.asset);
      cell(row, balance.amount, 'amount').id = 'balance-' + balance.asset;
      cell(row, balance.available, 'amount').id = 'available-' + balance.asset;
    }
    const at = element('balance-at');
    at.dateTime = view.at;
    at.textContent = when(view.at);
    element('pending').textContent = (view.pending || []).map(pending => 'Pending: ' + pending.amount + ' '
      + pending.asset + ' to ' + pending.to + ' (fee ' + pending.fee + ') until ' + when(pending.expiresAt)).join(' · ');
    renderTermDeposits(view.termDeposits || []);
  });
}

// The balance curve ------------------------------------------------------------------------------

function curve() {
  return section('curve-section', async () => {
    const view = await api(path(state.account) + '/curve');
    element('tau').textContent = lifetime(view.meanLifetime);
    const times = [];
    const past = [];
    const ahead = [];
    const deposits = [];
    view.points.forEach((point, index) => {
      times.push(Date.parse(point.at) / 1000);
      const balance = Number(point.balance);
      past.push(point.projected ? null : balance);
      // The dashed projection starts where the drawn past ends.
      const next = view.points[index + 1];
      ahead.push(point.projected || (next && next.projected) ? balance : null);
      deposits.push(null);
    });
    for (const deposit of view.deposits) {
      const at = Date.parse(deposit.bookedAt) / 1000; // where the curve steps: later than the activity if reported late
      let index = times.findIndex(time => time >= at);
      while (index >= 0 && index + 1 < times.length && times[index + 1] === times[index]) {
        index++; // the step's top: the balance with the deposit in it
      }
      if (index >= 0) {
        deposits[index] = past[index];
      }
    }
    const chart = element('curve');
    chart.replaceChildren();
    chart.dataset.points = String(view.points.length);
    chart.dataset.deposits = String(view.deposits.length);
    new uPlot({
      width: Math.max(chart.clientWidth, 320),
      height: 260,
      scales: { x: { time: true } },
      series: [
        {},
        { label: 'balance', stroke: '#3b6fd8', width: 2, spanGaps: true },
        { label: 'ahead', stroke: '#3b6fd8', width: 2, dash: [6, 6], spanGaps: true },
        { label: 'deposit', stroke: '#0a6b2d', fill: '#0a6b2d', paths: () => null,
          points: { show: true, size: 8, fill: '#0a6b2d' } },
      ],
    }, [times, past, ahead, deposits], chart);
  });
}

// Explain: sources and the entries in words ------------------------------------------------------

function explain() {
  return section('explain-section', async () => {
    const view = await api(path(state.account) + '/explain');
    renderSources(view.sources || []);
    const list = element('explain');
    list.replaceChildren();
    const newest = view.contributions.slice(-EXPLAIN_SHOWN).reverse();
    for (const entry of newest) {
      const item = document.createElement('li');
      item.textContent = sentence(entry);
      list.appendChild(item);
    }
    const older = view.contributions.length - newest.length + (view.earlierEntries || 0);
    const earlier = view.contributions.slice(0, view.contributions.length - newest.length)
      .reduce((sum, entry) => sum + Number(entry.value), Number(view.earlier || 0));
    element('explain-earlier').textContent = (older > 0 ? older + ' earlier entries are worth '
      + earlier.toFixed(6) + ' together. ' : '') + 'All of them add up to ' + view.total
      + '; your balance, ' + view.balance + ', differs from it by rounding only.';
  });
}

/** One entry's part of the balance, in words. */
function sentence(entry) {
  const remains = (Number(entry.weight) * 100).toFixed(1) + ' %';
  if (entry.type === 'Deposited' && entry.score) {
    const score = entry.score;
    const capped = score.factor !== '1.000000' && score.factor !== '1'
      ? ' Your daily cap on the platform let ' + score.credited + ' of it count.' : '';
    return when(entry.at) + ': an activity scored ' + score.interactionFactor + ' × ' + score.originalityFactor
      + ' × ' + score.engagementFactor + ' = ' + score.score + '.' + capped + ' It credited ' + entry.amount
      + '; ' + remains + ' of that remains, worth ' + entry.value + ' now.';
  }
  const moved = entry.amount.startsWith('-') ? entry.amount.substring(1) + ' out' : entry.amount + ' in';
  return when(entry.at) + ': ' + label(entry.type) + ', ' + moved + '. ' + remains + ' of it counts now: '
    + entry.value + '.';
}

function renderSources(sources) {
  const node = element('sources');
  node.replaceChildren();
  if (sources.length === 0) {
    node.textContent = 'No deposits yet.';
    return;
  }
  const most = Math.max(...sources.map(source => Number(source.value)), 1e-6);
  for (const source of sources) {
    const block = document.createElement('div');
    block.className = 'source';
    block.dataset.platform = source.platform;
    const title = document.createElement('div');
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = Math.max(2, Math.round(300 * Number(source.value) / most)) + 'px';
    title.append(bar, ' ' + source.platform + ': worth ' + source.value + ' now, from ' + source.deposits
      + ' deposits that credited ' + source.credited);
    const parts = document.createElement('div');
    parts.className = 'parts';
    const factors = [['f(interaction)', source.interactionFactor], ['g(originality)', source.originalityFactor],
      ['h(engagement)', source.engagementFactor]];
    const largest = Math.max(...factors.map(factor => Number(factor[1])), 1e-6);
    for (const [name, value] of factors) {
      const part = document.createElement('div');
      const partBar = document.createElement('span');
      partBar.className = 'bar part';
      partBar.style.width = Math.max(2, Math.round(120 * Number(value) / largest)) + 'px';
      part.append(partBar, ' ' + name + ' ' + value + ' on average');
      parts.appendChild(part);
    }
    const mean = document.createElement('div');
    mean.textContent = 'a mean score S of ' + source.score;
    parts.appendChild(mean);
    block.append(title, parts);
    node.appendChild(block);
  }
}

// History ----------------------------------------------------------------------------------------

async function history(more) {
  return section('history-section', async () => {
    const query = '?order=newest&limit=' + HISTORY_PAGE + (more && state.historyBefore !== null
      ? '&before=' + state.historyBefore : '');
    const page = await api(path(state.account) + '/entries' + query);
    const body = element('history').tBodies[0];
    if (!more) {
      clear(body);
    }
    for (const entry of page.entries) {
      const row = body.insertRow();
      row.dataset.type = entry.type;
      row.dataset.reference = entry.reference || '';
      cell(row, entry.sequence);
      cell(row, when(entry.at));
      cell(row, label(entry.type));
      cell(row, entry.amount === undefined ? '' : entry.amount + ' ' + entry.asset, 'amount');
      cell(row, entry.fee, 'amount');
      cell(row, entry.counterparty);
      cell(row, entry.reference);
    }
    state.historyBefore = page.nextBefore === undefined ? null : page.nextBefore;
    element('history-more').hidden = state.historyBefore === null;
    element('history-more').textContent = 'Earlier entries';
  });
}

element('history-more').addEventListener('click', () => history(true));

// Transfers --------------------------------------------------------------------------------------

element('transfer-amount').addEventListener('input', () => {
  clearTimeout(state.quoteTimer);
  state.quoteTimer = setTimeout(quote, 250);
});

async function quote() {
  const amount = element('transfer-amount').value.trim();
  const shown = element('transfer-quote');
  if (!amount) {
    shown.textContent = '';
    return;
  }
  try {
    const quoted = await api(path(state.account) + '/fee?amount=' + encodeURIComponent(amount));
    shown.className = 'note';
    shown.textContent = 'Fee ' + quoted.fee + (quoted.feeFactor ? ' (your quality factor ' + quoted.feeFactor + ')' : '')
      + '; ' + quoted.debit + ' leaves your balance. You can send up to ' + quoted.available + '.';
    shown.dataset.fee = quoted.fee;
  } catch (problem) {
    shown.className = 'error';
    shown.textContent = problem.message;
    delete shown.dataset.fee;
  }
}

element('transfer-form').addEventListener('submit', async event => {
  event.preventDefault();
  const answer = element('transfer-answer');
  answer.className = '';
  answer.textContent = 'Sending…';
  element('transfer-send').disabled = true;
  try {
    const outcome = await api('/v1/transfers', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        commandId: 'wallet-' + crypto.randomUUID(), from: state.account, to: element('transfer-to').value.trim(),
        amount: element('transfer-amount').value.trim(), memo: element('transfer-memo').value,
      }),
    });
    answer.className = outcome.status === 'REJECTED' ? 'error' : 'ok';
    answer.dataset.status = outcome.status;
    answer.textContent = outcome.status === 'REJECTED' ? 'Refused: ' + outcome.detail
      : (outcome.status === 'COMPLETED' ? 'Sent.' : 'Accepted: it completes when the receiver is credited.')
        + ' Reference ' + outcome.commandId + '.';
    await refresh();
  } catch (problem) {
    answer.className = 'error';
    answer.dataset.status = problem.problem && problem.problem.reason ? problem.problem.reason : 'ERROR';
    answer.textContent = 'Not sent: ' + problem.message;
  } finally {
    element('transfer-send').disabled = false;
  }
});

// Statements -------------------------------------------------------------------------------------

function period() {
  const from = element('statement-from').value;
  const to = element('statement-to').value;
  const end = new Date(to + 'T23:59:59.999Z');
  const now = new Date();
  return { from: from + 'T00:00:00Z', to: (end > now ? now : end).toISOString() };
}

element('statement-form').addEventListener('submit', event => {
  event.preventDefault();
  statement();
});

async function statement() {
  element('statement-error').textContent = '';
  try {
    const chosen = period();
    const statement = await api(path(state.account) + '/statement?from=' + chosen.from + '&to=' + chosen.to);
    const body = element('statement').tBodies[0];
    clear(body);
    for (const asset of statement.assets) {
      const row = body.insertRow();
      cell(row, asset.asset);
      for (const figure of [asset.opening, asset.totalIn, asset.totalOut, asset.decay, asset.closing]) {
        cell(row, figure, 'amount');
      }
    }
  } catch (problem) {
    element('statement-error').textContent = problem.message;
  }
}

element('statement-csv').addEventListener('click', async () => {
  element('statement-error').textContent = '';
  try {
    const chosen = period();
    const response = await fetch(path(state.account) + '/statement?format=csv&from=' + chosen.from + '&to=' + chosen.to,
      { headers: { Authorization: 'Bearer ' + state.token } });
    if (!response.ok) {
      throw new ApiError(response.status, await response.json());
    }
    const named = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = named ? named[1] : 'statement.csv';
    document.body.appendChild(link);
    link.click();
    link.remove();
  } catch (problem) {
    element('statement-error').textContent = problem.message;
  }
});

// The rate, standing orders, term deposits, loans ------------------------------------------------

function rate() {
  return section('rate-section', async () => {
    const current = await api('/v1/rates/current');
    const yours = current.yours ? ' Your quality ' + current.yours.quality + ' sets your fee factor at '
      + current.yours.feeFactor + '.' : '';
    element('rate').textContent = '1 ATTENTION = ' + current.rate + ' STABLE (' + current.formula
      + (current.at ? ', since ' + when(current.at) : '') + ').' + yours;
    const history = await api('/v1/rates');
    const chart = element('rate-chart');
    chart.replaceChildren();
    if (history.rates.length > 1) {
      new uPlot({
        width: Math.max(chart.clientWidth, 320), height: 160, scales: { x: { time: true } },
        series: [{}, { label: 'rate', stroke: '#8a4fd8', width: 2 }],
      }, [history.rates.map(each => Date.parse(each.at) / 1000), history.rates.map(each => Number(each.rate))], chart);
    }
  });
}

function timeProducts() {
  return section('time-section', async () => {
    const [orders, loans] = await Promise.all([
      api(path(state.account) + '/standing-orders'), api(path(state.account) + '/loans')]);
    const orderRows = element('orders').tBodies[0];
    clear(orderRows);
    for (const order of orders.orders) {
      const row = orderRows.insertRow();
      cell(row, order.id);
      cell(row, order.to || (order.legs || []).map(leg => leg.to).join(', '));
      cell(row, order.amount || order.portion, 'amount');
      cell(row, order.interval);
      cell(row, order.nextDue ? when(order.nextDue) : '');
    }
    const loanRows = element('loans').tBodies[0];
    clear(loanRows);
    for (const loan of loans.loans) {
      const row = loanRows.insertRow();
      cell(row, loan.id);
      cell(row, loan.lender);
      cell(row, loan.borrower);
      cell(row, loan.principal, 'amount');
      cell(row, loan.nextDue ? when(loan.nextDue) : 'repaid');
      cell(row, loan.payoff, 'amount');
    }
    showIfAny('orders');
    showIfAny('loans');
    noTimeProducts();
  });
}

function noTimeProducts() {
  element('time-none').hidden = ['orders', 'deposits', 'loans'].some(table => !element(table).hidden);
}

/** A table with no rows says nothing: hidden. */
function showIfAny(table) {
  element(table).hidden = element(table).tBodies[0].rows.length === 0;
}

function renderTermDeposits(deposits) {
  const body = element('deposits').tBodies[0];
  clear(body);
  for (const deposit of deposits) {
    const row = body.insertRow();
    cell(row, deposit.id);
    cell(row, deposit.principal, 'amount');
    cell(row, deposit.valueNow, 'amount');
    cell(row, deposit.valueAtMaturity, 'amount');
    cell(row, when(deposit.maturity));
  }
  showIfAny('deposits');
  noTimeProducts();
}

// Defaults: the statement covers the last 30 days.
const today = new Date();
element('statement-to').value = today.toISOString().substring(0, 10);
element('statement-from').value = new Date(today.getTime() - 30 * 86_400_000).toISOString().substring(0, 10);
