//! Moist-air psychrometrics after the ASHRAE Handbook—Fundamentals (2017), chapter 1.
//!
//! * saturation vapour pressure: Hyland & Wexler (1983), ASHRAE eqs. 5 (over ice) and 6 (over
//!   water), switched at the triple point (0.01 °C) so the inverse is continuous;
//! * humidity ratio `W = 0.621945·p_w / (p − p_w)` (eq. 20);
//! * moist-air enthalpy `h = 1.006·t + W·(2501 + 1.86·t)` kJ/kg dry air (eq. 30);
//! * wet-bulb from eq. 33 (above freezing) / eq. 35 (below), solved by bisection;
//! * dew point by Newton iteration on `ln p_ws(t)` (inverse of eqs. 5–6), as in PsychroLib.
//!
//! Valid from −100 °C to 200 °C; outside, the functions return an error. Values agree with
//! PsychroLib 2.5 (Meyer & Thevenard 2019), which implements the same equations.
//!
//! ```
//! use dcplan::climate::psychrometrics::*;
//! use dcplan::units::*;
//! let p = Pressure::new::<pascal>(101_325.0);
//! let w = humidity_ratio_from_relative_humidity(celsius(35.0), Fraction::new(0.4)?, p)?;
//! let twb = wet_bulb(celsius(35.0), w, p)?;
//! assert!((to_celsius(twb) - 23.9342).abs() < 1e-3); // PsychroLib: 23.9342 °C
//! # Ok::<(), dcplan::Error>(())
//! ```
//!
//! # Units
//!
//! SI throughout, as the ASHRAE SI equations: temperatures in °C inside the fits (typed at the
//! boundary), pressures in Pa (the total, barometric pressure of the moist air; station
//! pressure for weather data, not reduced to sea level), humidity ratio in kg of water vapour
//! per kg of **dry air**, enthalpy, specific volume and humid specific heat per kg of dry air.
//!
//! # References
//!
//! - ASHRAE Handbook—Fundamentals (2017), ch. 1 "Psychrometrics", SI equations (numbers on
//!   each function).
//! - R.W. Hyland & A. Wexler (1983), the saturation-pressure formulations behind eqs. 5–6.
//! - D. Meyer & D. Thevenard, "PsychroLib: a library of psychrometric functions to calculate
//!   thermodynamic properties of air", *Journal of Open Source Software* 4(33) (2019) 1137,
//!   doi:10.21105/joss.01137 — the reference implementation the tests compare with (2.5.0).

use crate::error::{Error, Result};
use crate::units::*;

/// Ratio of the molar masses of water vapour and dry air (ASHRAE 2017 ch. 1 eq. 20).
const MOLAR_MASS_RATIO: f64 = 0.621_945;
/// Triple point of water, °C.
const TRIPLE_POINT_C: f64 = 0.01;
/// Bounds of the Hyland–Wexler fits, °C.
const T_MIN_C: f64 = -100.0;
const T_MAX_C: f64 = 200.0;
/// Convergence tolerance of the iterative inverses, K.
const TOLERANCE_K: f64 = 1e-7;

/// Humidity ratio: mass of water vapour per mass of dry air (kg/kg), as a [`Ratio`].
pub type HumidityRatio = Ratio;

#[inline]
fn check_t(field: &str, t_c: f64) -> Result<f64> {
    within(field, t_c, "°C", T_MIN_C, T_MAX_C)
}

/// `t_c` (°C) checked to lie in the fits' range and below the boiling point of water at the
/// total pressure `p` (Pa): at or above it the saturation pressure reaches the total pressure
/// and the humidity ratio `0.621945·p_ws/(p − p_ws)` is infinite or negative (ASHRAE 2017
/// ch. 1 eq. 23), so no moist-air state exists. `p_ws` rises with the temperature, so the test
/// `p_ws(t) < p` is exact.
fn check_below_boiling(field: &str, t_c: f64, p: f64) -> Result<f64> {
    let t_c = check_t(field, t_c)?;
    if pws_pa(t_c) < p {
        return Ok(t_c);
    }
    let boiling = dew_point_c(100.0, p)
        .map_or_else(|_| "its boiling point".into(), |tb| format!("{tb:.2} °C"));
    Err(Error::out_of_range(
        field,
        t_c,
        "°C",
        &format!(
            "below the boiling point of water at {:.1} kPa ({boiling}): moist air at or above it has no humidity ratio",
            p / 1000.0
        ),
    ))
}

/// `ln p_ws` (Pa) at `t_c` °C, ASHRAE 2017 ch. 1 eqs. 5–6.
fn ln_pws(t_c: f64) -> f64 {
    let t = t_c + 273.15;
    if t_c <= TRIPLE_POINT_C {
        -5.674_535_9e3 / t + 6.392_524_7 - 9.677_843e-3 * t
            + 6.221_570_1e-7 * t * t
            + 2.074_782_5e-9 * t.powi(3)
            - 9.484_024e-13 * t.powi(4)
            + 4.163_501_9 * t.ln()
    } else {
        -5.800_220_6e3 / t + 1.391_499_3 - 4.864_023_9e-2 * t + 4.176_476_8e-5 * t * t
            - 1.445_209_3e-8 * t.powi(3)
            + 6.545_967_3 * t.ln()
    }
}

/// Derivative of [`ln_pws`] with respect to temperature, 1/K.
fn d_ln_pws(t_c: f64) -> f64 {
    let t = t_c + 273.15;
    if t_c <= TRIPLE_POINT_C {
        5.674_535_9e3 / (t * t) - 9.677_843e-3
            + 2.0 * 6.221_570_1e-7 * t
            + 3.0 * 2.074_782_5e-9 * t * t
            - 4.0 * 9.484_024e-13 * t.powi(3)
            + 4.163_501_9 / t
    } else {
        5.800_220_6e3 / (t * t) - 4.864_023_9e-2 + 2.0 * 4.176_476_8e-5 * t
            - 3.0 * 1.445_209_3e-8 * t * t
            + 6.545_967_3 / t
    }
}

fn pws_pa(t_c: f64) -> f64 {
    ln_pws(t_c).exp()
}

/// Saturation vapour pressure of water (over ice below the triple point).
///
/// ```
/// use dcplan::climate::psychrometrics::saturation_pressure;
/// use dcplan::units::*;
/// let p = saturation_pressure(celsius(25.0))?;
/// assert!((p.get::<pascal>() - 3169.216).abs() < 0.01); // PsychroLib 2.5
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2017), ch. 1, eq. 5 (over ice, −100 … 0 °C) and eq. 6 (over
/// liquid water, 0 … 200 °C), switched at the triple point as PsychroLib does.
pub fn saturation_pressure(t: ThermodynamicTemperature) -> Result<Pressure> {
    let t_c = check_t("temperature", to_celsius(t))?;
    Ok(Pressure::new::<pascal>(pws_pa(t_c)))
}

/// Boiling point of water at total pressure `pressure`: the temperature whose saturation
/// pressure equals it, `p_ws(T_b) = p`, by Newton iteration on `ln p_ws` (eq. 6). Moist-air
/// states exist only below it, so every function of this module refuses a dry-bulb (or dew
/// point) at or above it: 99.97 °C at sea level, 97.08 °C at 870 m.
///
/// ```
/// use dcplan::climate::psychrometrics::{boiling_point, standard_pressure};
/// use dcplan::units::*;
/// let p = standard_pressure(Length::new::<meter>(870.0))?;
/// let tb = boiling_point(p)?;
/// assert!((to_celsius(tb) - 97.0816).abs() < 1e-4); // IAPWS-95: 97.0816 °C
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # Units
///
/// `pressure` is the total (barometric) pressure, 10 … 200 kPa.
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2017), ch. 1, eq. 6 (saturation pressure over liquid water,
/// 0 … 200 °C) solved for the temperature; agrees with IAPWS-IF97 and IAPWS-95 to 0.5 mK
/// between sea level and 2,000 m (`docs/models.md`, "Climate and weather files").
pub fn boiling_point(pressure: Pressure) -> Result<ThermodynamicTemperature> {
    let p = check_pressure(pressure)?;
    Ok(celsius(dew_point_c(100.0, p)?))
}

fn check_pressure(p: Pressure) -> Result<f64> {
    within("pressure", p.get::<pascal>(), "Pa", 10_000.0, 200_000.0)
}

fn w_from_pw(pw: f64, p: f64) -> f64 {
    MOLAR_MASS_RATIO * pw / (p - pw)
}

fn pw_from_w(w: f64, p: f64) -> f64 {
    p * w / (MOLAR_MASS_RATIO + w)
}

/// Humidity ratio from dry-bulb, relative humidity and pressure (ASHRAE eqs. 20, 22).
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2017), ch. 1: relative humidity `φ = p_w/p_ws(t)` (eqs. 12,
/// 22) and `W = 0.621945·p_w/(p − p_w)` (eq. 20).
pub fn humidity_ratio_from_relative_humidity(
    dry_bulb: ThermodynamicTemperature,
    relative_humidity: Fraction,
    pressure: Pressure,
) -> Result<HumidityRatio> {
    let p = check_pressure(pressure)?;
    let t_c = check_below_boiling("dry_bulb", to_celsius(dry_bulb), p)?;
    let pw = relative_humidity.get() * pws_pa(t_c);
    humidity_ratio_checked(pw, p)
}

/// Humidity ratio from the dew point (the vapour pressure is saturation at the dew point).
///
/// ```
/// use dcplan::climate::psychrometrics::humidity_ratio_from_dew_point;
/// use dcplan::units::*;
/// let w = humidity_ratio_from_dew_point(celsius(12.0), Pressure::new::<pascal>(101_325.0))?;
/// assert!((w.get::<ratio>() / 0.008_730_119_4 - 1.0).abs() < 1e-8); // PsychroLib 2.5.0
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2017), ch. 1: `p_w = p_ws(t_dp)` (eq. 36) in eq. 20.
pub fn humidity_ratio_from_dew_point(
    dew_point: ThermodynamicTemperature,
    pressure: Pressure,
) -> Result<HumidityRatio> {
    let p = check_pressure(pressure)?;
    let td = check_below_boiling("dew_point", to_celsius(dew_point), p)?;
    humidity_ratio_checked(pws_pa(td), p)
}

fn humidity_ratio_checked(pw: f64, p: f64) -> Result<HumidityRatio> {
    if pw >= p {
        return Err(Error::inconsistent(
            "pressure",
            format!("vapour pressure {pw:.0} Pa reaches the total pressure {p:.0} Pa"),
        ));
    }
    Ok(Ratio::new::<ratio>(w_from_pw(pw, p)))
}

/// Humidity ratio at which air at `dry_bulb` has wet-bulb `t_star` (ASHRAE eqs. 33, 35).
pub(crate) fn w_from_wet_bulb(t: f64, t_star: f64, p: f64) -> f64 {
    let ws_star = w_from_pw(pws_pa(t_star), p);
    if t_star >= 0.0 {
        ((2501.0 - 2.326 * t_star) * ws_star - 1.006 * (t - t_star))
            / (2501.0 + 1.86 * t - 4.186 * t_star)
    } else {
        ((2830.0 - 0.24 * t_star) * ws_star - 1.006 * (t - t_star))
            / (2830.0 + 1.86 * t - 2.1 * t_star)
    }
}

/// Validated dry-bulb (°C), humidity ratio (kg/kg) and pressure (Pa) of a moist-air state.
fn moist_air(
    dry_bulb: ThermodynamicTemperature,
    humidity_ratio: HumidityRatio,
    pressure: Pressure,
) -> Result<(f64, f64, f64)> {
    let p = check_pressure(pressure)?;
    let t = check_below_boiling("dry_bulb", to_celsius(dry_bulb), p)?;
    let w = non_negative("humidity_ratio", humidity_ratio.get::<ratio>(), "kg/kg")?;
    Ok((t, w, p))
}

/// Thermodynamic wet-bulb temperature from dry-bulb, humidity ratio and pressure, by
/// bisection between the dew point and the dry-bulb (as PsychroLib's
/// `GetTWetBulbFromHumRatio`).
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2017), ch. 1, eq. 33 (wet-bulb at or above 0 °C) and eq. 35
/// (below), solved for `t*`.
pub fn wet_bulb(
    dry_bulb: ThermodynamicTemperature,
    humidity_ratio: HumidityRatio,
    pressure: Pressure,
) -> Result<ThermodynamicTemperature> {
    let (t, w, p) = moist_air(dry_bulb, humidity_ratio, pressure)?;
    let mut lo = dew_point_c(t, pw_from_w(w.max(1e-7), p))?.min(t);
    let mut hi = t;
    // The wet bulb lies between the dew point and the dry-bulb: eq. 33/35 must give at most
    // `w` at the one and at least `w` at the other (air no wetter than saturation), else the
    // state has no wet bulb and the bisection would return an end of the bracket.
    let slack = 1e-9 * w.max(1e-3);
    let (w_lo, w_hi) = (w_from_wet_bulb(t, lo, p), w_from_wet_bulb(t, hi, p));
    if !(w_lo <= w + slack && w <= w_hi + slack) {
        return Err(Error::out_of_range(
            "humidity_ratio",
            w,
            "kg/kg",
            &format!(
                "a humidity ratio of air at {t} °C whose wet bulb lies between its dew point \
                 {lo:.2} °C and its dry-bulb (at most {w_hi:.6} kg/kg, saturation)"
            ),
        ));
    }
    // Bisection: w_from_wet_bulb rises monotonically with the wet-bulb guess.
    for _ in 0..200 {
        if hi - lo <= TOLERANCE_K {
            break;
        }
        let mid = 0.5 * (lo + hi);
        if w_from_wet_bulb(t, mid, p) > w {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(celsius(0.5 * (lo + hi)))
}

/// Humidity ratio from dry-bulb, wet-bulb and pressure (ASHRAE eqs. 33, 35).
///
/// ```
/// use dcplan::climate::psychrometrics::humidity_ratio_from_wet_bulb;
/// use dcplan::units::*;
/// let p = Pressure::new::<pascal>(101_325.0);
/// let w = humidity_ratio_from_wet_bulb(celsius(35.0), celsius(24.0), p)?;
/// assert!((w.get::<ratio>() / 0.014_234_515_5 - 1.0).abs() < 1e-8); // PsychroLib 2.5.0
/// assert!(humidity_ratio_from_wet_bulb(celsius(20.0), celsius(25.0), p).is_err());
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2017), ch. 1, eqs. 33 (`t* ≥ 0 °C`) and 35 (`t* < 0 °C`).
pub fn humidity_ratio_from_wet_bulb(
    dry_bulb: ThermodynamicTemperature,
    wet_bulb: ThermodynamicTemperature,
    pressure: Pressure,
) -> Result<HumidityRatio> {
    let p = check_pressure(pressure)?;
    let t = check_below_boiling("dry_bulb", to_celsius(dry_bulb), p)?;
    let t_star = check_t("wet_bulb", to_celsius(wet_bulb))?;
    if t_star > t + 1e-9 {
        return Err(Error::inconsistent(
            "wet_bulb",
            format!("wet-bulb {t_star} °C is above the dry-bulb {t} °C"),
        ));
    }
    let w = w_from_wet_bulb(t, t_star, p);
    if w < 0.0 {
        return Err(Error::inconsistent(
            "wet_bulb",
            format!("wet-bulb {t_star} °C is below what dry air at {t} °C reaches"),
        ));
    }
    Ok(Ratio::new::<ratio>(w))
}

/// Dew point by Newton iteration on `ln p_ws`; `pw` in Pa.
fn dew_point_c(t_hint: f64, pw: f64) -> Result<f64> {
    if !(pw >= pws_pa(T_MIN_C) && pw <= pws_pa(T_MAX_C)) {
        return Err(Error::out_of_range(
            "vapour_pressure",
            pw,
            "Pa",
            "a vapour pressure whose dew point lies between −100 °C and 200 °C",
        ));
    }
    let target = pw.ln();
    let mut td = t_hint.clamp(T_MIN_C, T_MAX_C);
    for _ in 0..100 {
        let next = (td - (ln_pws(td) - target) / d_ln_pws(td)).clamp(T_MIN_C, T_MAX_C);
        if (next - td).abs() <= TOLERANCE_K {
            return Ok(next);
        }
        td = next;
    }
    Err(Error::NoConvergence {
        what: "dew point".into(),
        reason: format!("vapour pressure {pw} Pa after 100 Newton steps"),
    })
}

/// Dew-point temperature from dry-bulb, humidity ratio and pressure (never above the dry-bulb).
///
/// ```
/// use dcplan::climate::psychrometrics::*;
/// use dcplan::units::*;
/// let p = Pressure::new::<pascal>(101_325.0);
/// let w = humidity_ratio_from_relative_humidity(celsius(35.0), Fraction::new(0.4)?, p)?;
/// let t_dp = dew_point(celsius(35.0), w, p)?;
/// assert!((to_celsius(t_dp) - 19.384_649).abs() < 1e-5); // PsychroLib 2.5.0
/// assert!((relative_humidity(celsius(35.0), w, p)?.get() - 0.4).abs() < 1e-12);
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2017), ch. 1: the vapour pressure from eq. 20, then eqs. 5–6
/// inverted by Newton iteration on `ln p_ws` (PsychroLib's `GetTDewPointFromVapPres`, more
/// accurate than the handbook's approximate eqs. 37–38).
pub fn dew_point(
    dry_bulb: ThermodynamicTemperature,
    humidity_ratio: HumidityRatio,
    pressure: Pressure,
) -> Result<ThermodynamicTemperature> {
    let (t, w, p) = moist_air(dry_bulb, humidity_ratio, pressure)?;
    let td = dew_point_c(t, pw_from_w(w.max(1e-7), p))?;
    Ok(celsius(td.min(t)))
}

/// Relative humidity `p_w / p_ws(t)` from dry-bulb, humidity ratio and pressure, capped at 1.
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2017), ch. 1, eqs. 12, 22 (`φ = p_w/p_ws`) and 20 (`p_w`
/// from `W`).
pub fn relative_humidity(
    dry_bulb: ThermodynamicTemperature,
    humidity_ratio: HumidityRatio,
    pressure: Pressure,
) -> Result<Fraction> {
    let (t, w, p) = moist_air(dry_bulb, humidity_ratio, pressure)?;
    Fraction::new((pw_from_w(w, p) / pws_pa(t)).min(1.0)).map_err(|e| e.at("relative_humidity"))
}

/// Moist-air specific enthalpy per kilogram of dry air, J/kg (ASHRAE eq. 30), as an
/// [`uom::si::f64::AvailableEnergy`]: `h = 1.006·t + W·(2501 + 1.86·t)` kJ/kg with `t` in °C
/// (zero for dry air at 0 °C).
///
/// ```
/// use dcplan::climate::psychrometrics::enthalpy;
/// use dcplan::units::*;
/// use uom::si::available_energy::joule_per_kilogram;
/// let h = enthalpy(celsius(25.0), Ratio::new::<ratio>(0.01))?;
/// assert!((h.get::<joule_per_kilogram>() - 50_625.0).abs() < 1e-6); // PsychroLib 2.5.0
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2017), ch. 1, eq. 30.
#[inline]
pub fn enthalpy(
    dry_bulb: ThermodynamicTemperature,
    humidity_ratio: HumidityRatio,
) -> Result<uom::si::f64::AvailableEnergy> {
    let t = check_t("dry_bulb", to_celsius(dry_bulb))?;
    let w = non_negative("humidity_ratio", humidity_ratio.get::<ratio>(), "kg/kg")?;
    Ok(uom::si::f64::AvailableEnergy::new::<
        uom::si::available_energy::joule_per_kilogram,
    >(enthalpy_j_per_kg(t, w)))
}

/// Moist-air enthalpy, J per kg of dry air, at `t_c` °C and humidity ratio `w` (kg/kg),
/// unchecked: [`enthalpy`]'s eq. 30 for hourly arithmetic on validated inputs.
#[inline]
pub(crate) fn enthalpy_j_per_kg(t_c: f64, w: f64) -> f64 {
    1_000.0 * (1.006 * t_c + w * (2501.0 + 1.86 * t_c))
}

/// Humidity ratio (kg/kg) and enthalpy (J per kg of dry air) of **saturated** air at `t_c` °C
/// and total pressure `p` Pa (ASHRAE Handbook—Fundamentals 2017, ch. 1, eqs. 5–6, 20, 30),
/// unchecked: for hourly arithmetic on validated inputs (`t_c` below the boiling point at `p`),
/// e.g. the air leaving a cooling tower.
#[inline]
pub(crate) fn saturated_air(t_c: f64, p: f64) -> (f64, f64) {
    let ws = w_from_pw(pws_pa(t_c), p);
    (ws, enthalpy_j_per_kg(t_c, ws))
}

/// Dry-air gas constant, J/(kg·K) (ASHRAE 2017 ch. 1 eq. 26).
const R_DRY_AIR: f64 = 287.042;
/// Ratio of the gas constants of water vapour and dry air (ASHRAE 2017 ch. 1 eq. 26).
const VAPOUR_GAS_RATIO: f64 = 1.607_858;

/// Moist-air specific volume per kilogram of **dry air** (ASHRAE eq. 26),
/// `v = R_da·T·(1 + 1.607858·W)/p`; its inverse is the dry-air mass per volume of moist air,
/// which turns a volume flow into the dry-air mass flow the enthalpy balances use.
/// `R_da = 287.042 J/(kg·K)`, `T` absolute, `p` the total pressure (Pa). Source: ASHRAE
/// Handbook—Fundamentals (2017), ch. 1, eq. 26 (PsychroLib `GetMoistAirVolume`).
///
/// ```
/// use dcplan::climate::psychrometrics::specific_volume;
/// use dcplan::units::*;
/// let v = specific_volume(celsius(20.0), Ratio::new::<ratio>(0.0), Pressure::new::<pascal>(101_325.0))?;
/// assert!((1.0 / v.get::<uom::si::specific_volume::cubic_meter_per_kilogram>() - 1.204_15).abs() < 1e-5);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn specific_volume(
    dry_bulb: ThermodynamicTemperature,
    humidity_ratio: HumidityRatio,
    pressure: Pressure,
) -> Result<uom::si::f64::SpecificVolume> {
    let p = check_pressure(pressure)?;
    let t = check_below_boiling("dry_bulb", to_celsius(dry_bulb), p)?;
    let w = non_negative("humidity_ratio", humidity_ratio.get::<ratio>(), "kg/kg")?;
    Ok(uom::si::f64::SpecificVolume::new::<
        uom::si::specific_volume::cubic_meter_per_kilogram,
    >(
        R_DRY_AIR * (t + 273.15) * (1.0 + VAPOUR_GAS_RATIO * w) / p,
    ))
}

/// Humid specific heat per kilogram of dry air at constant humidity ratio, the temperature
/// derivative of the enthalpy (ASHRAE Handbook—Fundamentals 2017, ch. 1, eq. 30):
/// `cp = 1006 + 1860·W` J/(kg·K), per kg of dry air.
///
/// ```
/// use dcplan::climate::psychrometrics::humid_specific_heat;
/// use dcplan::units::*;
/// let cp = humid_specific_heat(Ratio::new::<ratio>(0.01))?;
/// assert!((cp.get::<joule_per_kilogram_kelvin>() - 1024.6).abs() < 1e-9);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn humid_specific_heat(humidity_ratio: HumidityRatio) -> Result<SpecificHeatCapacity> {
    let w = non_negative("humidity_ratio", humidity_ratio.get::<ratio>(), "kg/kg")?;
    Ok(SpecificHeatCapacity::new::<joule_per_kilogram_kelvin>(
        1006.0 + 1860.0 * w,
    ))
}

/// Saturation temperature of enthalpy `h`: the temperature at which saturated air at
/// pressure `p` has enthalpy `h` (the apparatus dew point of a coil whose leaving-air
/// enthalpy is known), by bisection on eqs. 5–6, 20 and 30 (ASHRAE Handbook—Fundamentals
/// 2017, ch. 1) between −60 °C and 60 °C. `h` is per kg of dry air, as [`enthalpy`].
///
/// ```
/// use dcplan::climate::psychrometrics::*;
/// use dcplan::units::*;
/// let p = Pressure::new::<pascal>(101_325.0);
/// let ws = humidity_ratio_from_dew_point(celsius(12.0), p)?;
/// let h = enthalpy(celsius(12.0), ws)?;
/// let t = saturation_temperature_from_enthalpy(h, p)?;
/// assert!((to_celsius(t) - 12.0).abs() < 1e-6);
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn saturation_temperature_from_enthalpy(
    enthalpy: uom::si::f64::AvailableEnergy,
    pressure: Pressure,
) -> Result<ThermodynamicTemperature> {
    let h = enthalpy.get::<uom::si::available_energy::kilojoule_per_kilogram>();
    let p = check_pressure(pressure)?;
    let h_sat = |t: f64| {
        let ws = w_from_pw(pws_pa(t), p);
        1.006 * t + ws * (2501.0 + 1.86 * t)
    };
    let (mut lo, mut hi) = (-60.0, 60.0);
    if !(h_sat(lo)..=h_sat(hi)).contains(&h) {
        return Err(Error::out_of_range(
            "enthalpy",
            h,
            "kJ/kg",
            "the enthalpy of saturated air between −60 °C and 60 °C",
        ));
    }
    while hi - lo > TOLERANCE_K {
        let mid = 0.5 * (lo + hi);
        if h_sat(mid) < h {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(celsius(0.5 * (lo + hi)))
}

/// Standard atmospheric pressure at an altitude (ASHRAE 2017 ch. 1 eq. 3):
/// `p = 101.325·(1 − 2.25577e−5·Z)^5.2559` kPa, `Z` in m above sea level (−500 … 11,000 m).
///
/// ```
/// use dcplan::climate::psychrometrics::standard_pressure;
/// use dcplan::units::*;
/// let p = standard_pressure(Length::new::<meter>(870.0))?;
/// assert!((p.get::<pascal>() - 91_300.795).abs() < 1e-3); // PsychroLib 2.5.0
/// # Ok::<(), dcplan::Error>(())
/// ```
///
/// # References
///
/// ASHRAE Handbook—Fundamentals (2017), ch. 1, eq. 3 (the U.S. Standard Atmosphere).
pub fn standard_pressure(altitude: Length) -> Result<Pressure> {
    let z = within("altitude", altitude.get::<meter>(), "m", -500.0, 11_000.0)?;
    Ok(Pressure::new::<kilopascal>(
        101.325 * (1.0 - 2.25577e-5 * z).powf(5.2559),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn atm() -> Pressure {
        Pressure::new::<pascal>(101_325.0)
    }

    #[test]
    fn saturation_pressure_matches_psychrolib() {
        // PsychroLib 2.5 GetSatVapPres (ASHRAE 2017 eqs. 5–6).
        for (t, pws) in [
            (-10.0, 259.902_864_95),
            (0.0, 611.153_570_89),
            (25.0, 3_169.216_470_14),
        ] {
            let got = saturation_pressure(celsius(t)).unwrap().get::<pascal>();
            assert_relative_eq!(got, pws, max_relative = 1e-9);
        }
    }

    #[test]
    fn states_match_psychrolib() {
        // PsychroLib 2.5.0 (ASHRAE 2017 ch. 1), iterations converged to 1e-10 K
        // (GetHumRatioFromRelHum, GetTWetBulbFromRelHum, GetTDewPointFromRelHum,
        // GetMoistAirEnthalpy): t_db °C, RH, p Pa → t_wb °C, t_dp °C, W kg/kg, h J/kg.
        let table = [
            (
                35.0,
                0.40,
                101_325.0,
                23.934_522_74,
                19.384_649_1,
                0.014_131_653_83,
                71_473.236_9,
            ),
            (
                25.0,
                0.50,
                101_325.0,
                17.889_342_25,
                13.863_973_27,
                0.009_881_043_691,
                50_321.958_8,
            ),
            (
                10.0,
                0.80,
                101_325.0,
                8.290_441_461,
                6.713_005_487,
                0.006_089_102_677,
                25_402.103_1,
            ),
            (
                -5.0,
                0.70,
                101_325.0,
                -6.334_615_32,
                -9.108_440_606,
                0.001_731_058_129,
                -716.722_459_4,
            ),
            (
                40.0,
                0.10,
                101_325.0,
                18.566_130_17,
                2.629_363_002,
                0.004_565_323_383,
                51_997.533_84,
            ),
            (
                30.0,
                0.90,
                101_325.0,
                28.586_542_54,
                28.177_146_25,
                0.024_375_697_05,
                92_503.782_23,
            ),
            (
                20.0,
                0.50,
                83_400.0,
                13.312_407_31,
                9.272_392_291,
                0.008_844_683_731,
                42_569.576_25,
            ),
            (
                45.0,
                0.20,
                97_000.0,
                24.982_940_35,
                16.842_196_67,
                0.012_550_210_52,
                77_708.529_13,
            ),
        ];
        for (t, rh, p, twb, tdp, w_ref, h_ref) in table {
            let p = Pressure::new::<pascal>(p);
            let w =
                humidity_ratio_from_relative_humidity(celsius(t), Fraction::new(rh).unwrap(), p)
                    .unwrap();
            assert_relative_eq!(w.get::<ratio>(), w_ref, max_relative = 1e-8);
            let got_twb = wet_bulb(celsius(t), w, p).unwrap();
            assert_relative_eq!(to_celsius(got_twb), twb, epsilon = 1e-6);
            assert_relative_eq!(
                to_celsius(dew_point(celsius(t), w, p).unwrap()),
                tdp,
                epsilon = 1e-6
            );
            let h = enthalpy(celsius(t), w)
                .unwrap()
                .get::<uom::si::available_energy::joule_per_kilogram>();
            assert_relative_eq!(h, h_ref, epsilon = 1e-3);
            assert_relative_eq!(
                relative_humidity(celsius(t), w, p).unwrap().get(),
                rh,
                epsilon = 1e-9
            );
            let back = humidity_ratio_from_wet_bulb(celsius(t), got_twb, p).unwrap();
            assert_relative_eq!(back.get::<ratio>(), w_ref, max_relative = 1e-6);
        }
    }

    #[test]
    fn standard_pressure_matches_psychrolib() {
        // PsychroLib 2.5.0 GetStandardAtmPressure (ASHRAE 2017 eq. 3).
        let p = standard_pressure(Length::new::<meter>(1793.0)).unwrap();
        assert_relative_eq!(p.get::<pascal>(), 81_559.655_44, max_relative = 1e-9);
    }

    #[test]
    fn boiling_point_matches_the_saturation_line() {
        // ASHRAE 2017 eq. 6 solved for p_ws(T_b) = p at the standard pressure of each altitude
        // (PsychroLib 2.5.0 GetSatVapPres bisected); IAPWS-IF97: 99.9743, 97.0815, 93.3151 °C.
        for (z, tb) in [(0.0, 99.974_1), (870.0, 97.081_6), (2_000.0, 93.315_6)] {
            let p = standard_pressure(Length::new::<meter>(z)).unwrap();
            let got = to_celsius(boiling_point(p).unwrap());
            assert_relative_eq!(got, tb, epsilon = 1e-4);
        }
        assert!(boiling_point(Pressure::new::<pascal>(1_000.0)).is_err());
    }

    #[test]
    fn air_at_or_above_the_boiling_point_has_no_state() {
        // 150 °C dry-bulb, 70 °C wet-bulb at 870 m: p_ws(150 °C) = 476 kPa > p = 91.3 kPa.
        let p = standard_pressure(Length::new::<meter>(870.0)).unwrap();
        let e = humidity_ratio_from_wet_bulb(celsius(150.0), celsius(70.0), p).unwrap_err();
        assert_eq!(e.field(), Some("dry_bulb"));
        assert!(e.to_string().contains("97.08 °C"), "{e}");
        let w = Ratio::new::<ratio>(0.01);
        for e in [
            wet_bulb(celsius(98.0), w, p).unwrap_err(),
            dew_point(celsius(98.0), w, p).unwrap_err(),
            relative_humidity(celsius(98.0), w, p).unwrap_err(),
            specific_volume(celsius(98.0), w, p).unwrap_err(),
            humidity_ratio_from_relative_humidity(celsius(98.0), Fraction::new(0.1).unwrap(), p)
                .unwrap_err(),
        ] {
            assert_eq!(e.field(), Some("dry_bulb"), "{e}");
        }
        assert_eq!(
            humidity_ratio_from_dew_point(celsius(98.0), p)
                .unwrap_err()
                .field(),
            Some("dew_point")
        );
        // Just below the boiling point the state exists.
        assert!(
            humidity_ratio_from_relative_humidity(celsius(97.0), Fraction::new(0.1).unwrap(), p)
                .is_ok()
        );
    }

    #[test]
    fn the_wet_bulb_of_supersaturated_air_is_an_error() {
        // Saturation at 30 °C, sea level: W_s = 0.02732 kg/kg; twice that has no wet bulb (the
        // bisection used to return the dry-bulb).
        let e = wet_bulb(celsius(30.0), Ratio::new::<ratio>(0.055), atm()).unwrap_err();
        assert_eq!(e.field(), Some("humidity_ratio"), "{e}");
        let ws =
            humidity_ratio_from_relative_humidity(celsius(30.0), Fraction::ONE, atm()).unwrap();
        assert_relative_eq!(
            to_celsius(wet_bulb(celsius(30.0), ws, atm()).unwrap()),
            30.0,
            epsilon = 1e-6
        );
    }

    #[test]
    fn rejects_out_of_range() {
        assert!(saturation_pressure(celsius(250.0)).is_err());
        assert!(saturation_pressure(celsius(f64::NAN)).is_err());
        assert!(humidity_ratio_from_wet_bulb(celsius(20.0), celsius(25.0), atm()).is_err());
        assert!(wet_bulb(celsius(20.0), Ratio::new::<ratio>(-0.1), atm()).is_err());
    }
}
