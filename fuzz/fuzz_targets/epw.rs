//! Any bytes fed to the EPW reader, and any climate it accepts run through an annual
//! simulation: an error or a result, never a panic; accepted results are finite.
#![no_main]

use dcplan::climate::{Climate, DesignBasis};
use dcplan::prelude::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(climate) = Climate::from_epw(data, "fuzz.epw") else {
        return;
    };
    let Ok(design) = climate.design_ambient(DesignBasis::AnnualMax) else {
        return;
    };
    let Ok(site) = site(design) else { return };
    let Ok(rack) = catalog::find("GB200 NVL72").and_then(|s| RackProfile::from_system(s, 1)) else {
        return;
    };
    let deployment = Deployment::new(rack);
    if let Ok(year) = dcplan::simulate::annual(&site, &deployment, 50, &climate) {
        assert!(year.energy.facility.get::<joule>().is_finite());
        assert!(year.energy.cooling.get::<joule>().is_finite());
    }
});

fn site(design: Ambient) -> Result<Site> {
    Site::builder("fuzz", GridInterconnect::new(megawatts(20.0))?)
        .electrical(ElectricalChain::reference(
            megawatts(10.0),
            Redundancy::TwoN,
        )?)
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            Technology::DirectToChipDryCooler,
            "liquid",
            megawatts(8.0),
            4,
        )?)?)
        .cooling_loop(CoolingLoop::new(LoopDesign::preset(
            Technology::AirOutsideAir,
            "air",
            megawatts(2.0),
            4,
        )?)?)
        .design_ambient(design)
        .build()
}
