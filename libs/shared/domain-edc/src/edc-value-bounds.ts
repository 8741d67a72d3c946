/**
 * The one bound on stored energy values: readings are stored as int32 of 0.01 kWh (data-access-readings
 * packed-day, `readings.vals`), so a value beyond ±(2³¹ − 1) would wrap around (42 949 673,32 kWh became 0,36) or
 * flip its sign. The reader refuses such a value where it is written, so nothing downstream ever sees it.
 */
export const MAX_STORED_HUNDREDTHS = 2_147_483_647;

/**
 * The default plausibility limit of one 15-minute value: 10 000 kWh per quarter hour is a 40 MW connection, far
 * above any energy-community point; a bigger value is a broken export (a unit or decimal-separator mix-up).
 * Configurable as `EDC_MAX_KWH_PER_INTERVAL` (API/worker) and `--max-kwh-per-interval` (`sdilna validate`).
 */
export const DEFAULT_EDC_MAX_KWH_PER_INTERVAL = 10_000;

/** The largest plausibility limit that makes sense: whole kWh below the storage bound. */
export const MAX_EDC_MAX_KWH_PER_INTERVAL = Math.floor(MAX_STORED_HUNDREDTHS / 100);
