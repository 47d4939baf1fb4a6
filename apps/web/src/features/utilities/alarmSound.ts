/**
 * A short two-tone beep for critical alarms, made with WebAudio (no audio file to fetch). Browsers
 * only let a page play sound after the user touched it, so `arm()` is called from a click.
 */
let ctx: AudioContext | null = null;

export function armAlarmSound(): void {
  ctx ??= new AudioContext();
  void ctx.resume();
}

export function beep(): void {
  if (!ctx) return;
  if (ctx.state === 'suspended') void ctx.resume();
  const now = ctx.currentTime;
  for (const [i, freq] of [880, 660, 880].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, now + i * 0.22);
    gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.22 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.22 + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(now + i * 0.22);
    osc.stop(now + i * 0.22 + 0.21);
  }
}
