// Ages as kubectl prints them (apimachinery's HumanDuration): precise when recent, coarse when old.

/**
 * 0s..119s -> "45s"; under 10m -> "5m30s"; under 3h -> "95m"; under 8h -> "3h20m"; under 2d ->
 * "30h"; under 8d -> "3d4h"; under 2y -> "200d"; under 8y -> "3y12d"; then "9y".
 */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    const years = Math.floor(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** The age of something created at `createdAt` (ms), or "" when unknown. */
export function ageOf(createdAt: number | undefined, now: number): string {
  return createdAt === undefined ? '' : humanDuration(now - createdAt);
}
