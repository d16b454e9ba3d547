// Coolant properties and the cold-plate thermal resistance R(V̇), SI units. Constants are taken at
// ≈ 35 °C, the middle of a warm-water liquid-cooling loop (rack supply ~30 °C, return ~45 °C);
// over 25–45 °C they move by < 1 % (ρ, c_p), which is below the tolerances of C1–C3.

export interface Fluid {
  /** Density, kg/m³. */
  rho: number;
  /** Specific heat capacity at constant pressure, J/(kg·K). */
  cp: number;
  /** Dynamic viscosity, Pa·s (only used for the cold-plate fluid factor). */
  mu: number;
  /** Thermal conductivity, W/(m·K) (only used for the cold-plate fluid factor). */
  k: number;
}

/**
 * Water (DI / facility water) at 35 °C, 1 atm: IAPWS-95 as tabulated by the NIST Chemistry WebBook
 * (ρ 994.0 kg/m³, c_p 4.178 kJ/(kg·K), μ 0.719 mPa·s, k 0.623 W/(m·K)). c_p is rounded to
 * 4,180 J/(kg·K), the value reference case C1 uses for the facility side (NIST gives 4.178–4.180
 * between 25 and 45 °C).
 */
export const WATER: Fluid = { rho: 994.0, cp: 4180, mu: 0.719e-3, k: 0.623 };

/**
 * PG25: 25 % propylene glycol by mass in water, ≈ 35 °C. ASHRAE Handbook—Fundamentals, ch. 31
 * ("Secondary coolants"), propylene glycol–water tables, consistent with Melinder (2010),
 * "Properties of secondary working fluids for indirect systems" (the source of the Modelica
 * Buildings `PropyleneGlycolWater` medium): ρ ≈ 1,016 kg/m³, c_p ≈ 3,950 J/(kg·K),
 * μ ≈ 1.45 mPa·s, k ≈ 0.50 W/(m·K). Read from the tables and rounded: ρ and c_p to ±1 %, μ and k
 * to ±10 % (μ and k only enter the cold-plate fluid factor below).
 */
export const PG25: Fluid = { rho: 1016, cp: 3950, mu: 1.45e-3, k: 0.5 };

/** Reference volumetric flow of the cold-plate correlation: 1 L/min in m³/s. */
export const PLATE_REF_FLOW = 1e-3 / 60;

/** Flow exponent of the cold plate's convective resistance, R_conv ∝ V̇^−0.8 (Dittus–Boelter, Nu ∝ Re^0.8). */
export const PLATE_FLOW_EXP = 0.8;

/**
 * Ratio h_water / h_fluid at the same volumetric flow through the same channels, from the
 * Dittus–Boelter group h ∝ k^0.6·ρ^0.8·c_p^0.4·μ^−0.4·V̇^0.8 (Nu = 0.023·Re^0.8·Pr^0.4): how much
 * larger the convective resistance is with this fluid than with water. PG25 ≈ 1.52.
 */
export function convectionFactor(f: Fluid): number {
  return (
    (WATER.k / f.k) ** 0.6 * (WATER.rho / f.rho) ** 0.8 * (WATER.cp / f.cp) ** 0.4 * (f.mu / WATER.mu) ** 0.4
  );
}

/** One published cold-plate point: total resistance case − inlet per watt at a flow of a fluid. */
export interface PlatePoint {
  fluid: Fluid;
  /** Volumetric flow per plate, m³/s. */
  flow: number;
  /** Thermal resistance (T_case − T_in)/Q, K/W. */
  r: number;
}

/**
 * OCP OAI cooling guidelines (2023) via LBNL Modelica Buildings, reference case C2: a 1 kW OAM cold
 * plate has R = 0.0160 K/W with DI water at 3 L/min and R = 0.0245 K/W with PG25 at 1.0 L/min.
 */
export const OCP_PLATE_POINTS: readonly [PlatePoint, PlatePoint] = [
  { fluid: WATER, flow: 3 * PLATE_REF_FLOW, r: 0.016 },
  { fluid: PG25, flow: 1 * PLATE_REF_FLOW, r: 0.0245 },
];

/** Cold-plate resistance model R(V̇) = rBase + rConvWater·F_fluid·(V̇/1 L/min)^−n. */
export interface PlateFit {
  /** Flow-independent part: spreading, base plate, TIM (K/W). */
  rBase: number;
  /** Convective part with water at 1 L/min (K/W); multiply by `convectionFactor` for another fluid. */
  rConvWater: number;
}

/**
 * Fits rBase and rConvWater through two published points of (possibly) different fluids, with the
 * flow exponent n and the fluid factor fixed by the correlation above: two equations, two unknowns.
 * Through the OCP points: rBase ≈ 0.01280 K/W, rConvWater ≈ 0.00771 K/W (PG25: ≈ 0.01170 K/W).
 */
export function fitColdPlate(p1: PlatePoint, p2: PlatePoint, n = PLATE_FLOW_EXP): PlateFit {
  const x1 = convectionFactor(p1.fluid) * (p1.flow / PLATE_REF_FLOW) ** -n;
  const x2 = convectionFactor(p2.fluid) * (p2.flow / PLATE_REF_FLOW) ** -n;
  if (x1 === x2) throw new Error('cold-plate points have the same convective term; cannot separate the two parts');
  const rConvWater = (p2.r - p1.r) / (x2 - x1);
  return { rBase: p1.r - rConvWater * x1, rConvWater };
}

/** The fit through the OCP points of C2 (the model's default cold plate). */
export const OCP_PLATE_FIT: PlateFit = fitColdPlate(...OCP_PLATE_POINTS);

/** Convective coefficient at 1 L/min for `fluid` with the OCP plate (the `plateRConv` parameter). */
export function plateRConvFor(fluid: Fluid, fit: PlateFit = OCP_PLATE_FIT): number {
  return fit.rConvWater * convectionFactor(fluid);
}
