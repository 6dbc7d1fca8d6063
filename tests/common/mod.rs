//! Builders shared by the integration tests.
#![allow(dead_code)]

use dcplan::prelude::*;

pub fn mw(v: f64) -> Power {
    Power::new::<megawatt>(v)
}

pub fn kw(v: f64) -> Power {
    Power::new::<kilowatt>(v)
}

pub fn sea_level(dry_bulb: f64, wet_bulb: f64) -> Ambient {
    Ambient::from_wet_bulb(
        celsius(dry_bulb),
        celsius(wet_bulb),
        Pressure::new::<pascal>(101_325.0),
    )
    .expect("valid ambient")
}

pub fn gb200() -> RackProfile {
    RackProfile::from_system(catalog::find("GB200 NVL72").unwrap(), 1).unwrap()
}

pub fn network_rack() -> RackProfile {
    RackProfile::new("network", kw(20.0), 0, Fraction::ZERO, AirClass::A1, None).unwrap()
}

/// A purely air-cooled rack of `it` kW.
pub fn air_rack(it_kw: f64) -> RackProfile {
    RackProfile::new("air", kw(it_kw), 8, Fraction::ZERO, AirClass::A2, None).unwrap()
}

pub fn lumped(interconnect_mw: f64, pue: f64) -> Site {
    Site::builder(
        "lumped",
        GridInterconnect::new(mw(interconnect_mw)).unwrap(),
    )
    .lumped_pue(Pue::new(pue).unwrap())
    .build()
    .unwrap()
}

pub fn loop_of(technology: Technology, name: &str, usable_mw: f64) -> CoolingLoop {
    CoolingLoop::new(LoopDesign::preset(technology, name, mw(usable_mw), 4).unwrap()).unwrap()
}
