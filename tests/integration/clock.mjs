// The tests' clock, the same as the programs' (lib/calendar.c cal_now):
// real time, moved by whole days to KAIJI_TODAY (YYYY-MM-DD) when it is
// set. Every test that needs "today" or "now" takes it from here, so that a
// run pinned to another day (KAIJI_TODAY=2099-12-30 make check) agrees with
// the programs, kaijictl and nginx's programs started with the same variable.

const DAY = 86400e3;
const JST = 9 * 3600e3;

function realDay(ms) {
  return Math.floor((ms + JST) / DAY);
}

// Milliseconds since the epoch, as cal_now() counts them: with
// KAIJI_CLOCK_START (the second tests/run began) the clock read 09:00 in
// Asia/Tokyo then, on KAIJI_TODAY or that second's own day.
export function nowMs() {
  const now = Date.now();
  const pinned = process.env.KAIJI_TODAY;
  let target = NaN;
  if (pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) target = Date.parse(`${pinned}T00:00:00Z`);
  const startText = process.env.KAIJI_CLOCK_START;
  if (startText && /^[1-9]\d*$/.test(startText)) {
    const start = Number(startText) * 1000;
    if (Number.isNaN(target)) target = realDay(start) * DAY;
    return now + target - start;
  }
  if (Number.isNaN(target)) return now;
  return now + (target / DAY - realDay(now)) * DAY;
}

// YYYY-MM-DD, `offset` days from today in Asia/Tokyo (negative: the past).
export function day(offset = 0) {
  return new Date(nowMs() + JST + offset * DAY).toISOString().slice(0, 10);
}

export function today() {
  return day(0);
}

// YYYY-MM-DD `n` days after (before, when negative) another day.
export function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// An event stamp (YYYY-MM-DDTHH:MM:SSZ, UTC) `seconds` from now.
export function stamp(seconds = 0) {
  return `${new Date(nowMs() + seconds * 1000).toISOString().slice(0, 19)}Z`;
}
