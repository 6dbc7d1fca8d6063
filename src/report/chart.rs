//! SVG charts a planner would rather look at than read (plotters' SVG backend, no system
//! fonts needed): where the interconnect's megawatts go, hourly PUE over the year, and the
//! sorted (duration) curves of each cooling loop's headroom.

use super::{AnnualReport, PlanReport};
use crate::error::{Error, Result};
use crate::simulate::HourlySeries;
use crate::units::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const WIDTH: u32 = 1000;
const BAR_HEIGHT: u32 = 260;
const PANEL_HEIGHT: u32 = 380;
const HEADER_HEIGHT: u32 = 30;
const FONT: &str = "sans-serif";

/// Colours of the breakdown, in the order of [`segments`].
const SEGMENT_COLOURS: [RGBColor; 6] = [
    RGBColor(46, 125, 50),   // IT
    RGBColor(25, 118, 210),  // cooling
    RGBColor(245, 124, 0),   // losses
    RGBColor(123, 31, 162),  // house
    RGBColor(121, 85, 72),   // lumped overhead
    RGBColor(189, 189, 189), // unused
];

/// Colours of per-loop curves.
const LOOP_COLOURS: [RGBColor; 6] = [
    RGBColor(25, 118, 210),
    RGBColor(211, 47, 47),
    RGBColor(56, 142, 60),
    RGBColor(245, 124, 0),
    RGBColor(123, 31, 162),
    RGBColor(0, 151, 167),
];

fn chart_error<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> Error {
    Error::Io {
        path: "SVG chart".into(),
        reason: e.to_string(),
    }
}

/// The capacity plan as an SVG: where the interconnect's megawatts go at the design hour.
///
/// ```
/// use dcplan::prelude::*;
/// use dcplan::report::{PlanReport, chart};
/// let site = Site::builder("campus", GridInterconnect::new(megawatts(100.0))?)
///     .lumped_pue(Pue::new(1.15)?)
///     .build()?;
/// let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
/// let svg = chart::plan_svg(&PlanReport::new(&site, &d, &plan(&site, &d)?)?)?;
/// assert!(svg.starts_with("<svg") && svg.contains("Where the 100 MW go"));
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn plan_svg(plan: &PlanReport) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, BAR_HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        power_breakdown(&root, plan)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// The annual simulation as an SVG: hourly PUE over the year, the headroom duration curves of
/// each loop, and where the megawatts go at the design hour.
pub fn annual_svg(plan: &PlanReport, year: &AnnualReport, series: &HourlySeries) -> Result<String> {
    let mut svg = String::new();
    {
        let height = HEADER_HEIGHT + BAR_HEIGHT + 2 * PANEL_HEIGHT;
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let root = root
            .titled(
                &format!("{} — {} hours of {}", year.site, year.hours, year.climate),
                (FONT, 15),
            )
            .map_err(chart_error)?;
        let (pue, rest) = root.split_vertically(PANEL_HEIGHT);
        let (duration, bar) = rest.split_vertically(PANEL_HEIGHT);
        pue_over_year(&pue, year, series)?;
        let heat: Vec<f64> = plan.loops.iter().map(|l| l.heat_mw).collect();
        headroom_duration(&duration, series, &heat)?;
        power_breakdown(&bar, plan)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// The breakdown segments: label and MW.
fn segments(plan: &PlanReport) -> [(&'static str, f64); 6] {
    let p = &plan.power;
    [
        ("IT", p.it_mw),
        ("cooling", p.cooling_mw),
        ("electrical losses", p.electrical_losses_mw),
        ("house", p.house_mw),
        ("lumped overhead", p.lumped_overhead_mw),
        ("unused", p.unused_mw.max(0.0)),
    ]
}

fn power_breakdown<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plan: &PlanReport,
) -> Result<()> {
    let total = plan.power.interconnect_mw.max(plan.power.facility_mw);
    let title = format!(
        "Where the {:.0} MW go — {} at the design hour ({:.1} °C); {} racks, {} GPUs, binding: {}",
        plan.power.interconnect_mw,
        plan.site,
        plan.design_ambient.dry_bulb_c,
        plan.primary_racks,
        plan.accelerators,
        plan.binding.constraint
    );
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 16))
        .margin(14)
        .x_label_area_size(36)
        .y_label_area_size(10)
        .build_cartesian_2d(0.0..total, 0.0..1.0)
        .map_err(chart_error)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .light_line_style(WHITE.mix(0.0))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .x_desc("MW of grid interconnect")
        .x_label_style((FONT, 13))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(chart_error)?;
    let shown: Vec<((&str, f64), RGBColor)> = segments(plan)
        .into_iter()
        .zip(SEGMENT_COLOURS)
        .filter(|((_, v), _)| *v > 0.0)
        .collect();
    let centred = |size| {
        (FONT, size)
            .into_font()
            .color(&WHITE)
            .pos(Pos::new(HPos::Center, VPos::Center))
    };
    let mut start = 0.0;
    for &((_, value), colour) in &shown {
        let end = start + value;
        chart
            .draw_series([Rectangle::new([(start, 0.5), (end, 0.95)], colour.filled())])
            .map_err(chart_error)?;
        if value / total > 0.06 {
            chart
                .draw_series([Text::new(
                    format!("{value:.1}"),
                    ((start + end) / 2.0, 0.725),
                    centred(14),
                )])
                .map_err(chart_error)?;
        }
        start = end;
    }
    // The legend under the bar, three to a row: a swatch and "label: MW (share)".
    let slot = total / 3.0;
    for (i, &((label, value), colour)) in shown.iter().enumerate() {
        let x = slot * (i % 3) as f64;
        let y = if i < 3 { 0.32 } else { 0.12 };
        chart
            .draw_series([Rectangle::new(
                [(x, y - 0.06), (x + total * 0.012, y + 0.06)],
                colour.filled(),
            )])
            .map_err(chart_error)?;
        chart
            .draw_series([Text::new(
                format!(
                    "{label}: {value:.1} MW ({:.1} %)",
                    100.0 * value / plan.power.interconnect_mw
                ),
                (x + total * 0.018, y),
                (FONT, 12)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            )])
            .map_err(chart_error)?;
    }
    Ok(())
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn pue_over_year<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    year: &AnnualReport,
    series: &HourlySeries,
) -> Result<()> {
    let hours_per_month = series.pue.len().max(1) as f64 / 12.0;
    let values: Vec<f64> = series.pue.iter().map(|p| p.get()).collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.1).max(0.005);
    let mut chart = ChartBuilder::on(area)
        .caption(
            match year.pue {
                Some(pue) => format!("Hourly PUE over the year (annual PUE {pue:.3})"),
                None => "Hourly PUE over the year (no IT: PUE undefined)".to_owned(),
            },
            (FONT, 17),
        )
        .margin(14)
        .x_label_area_size(36)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..12.0, (lo - pad)..(hi + pad))
        .map_err(chart_error)?;
    chart
        .configure_mesh()
        .x_labels(13)
        .x_label_formatter(&|m| month_at(*m))
        .y_label_formatter(&|v| format!("{v:.3}"))
        .x_desc("month (hourly values; IT measured at the IT equipment input)")
        .y_desc("PUE")
        .x_label_style((FONT, 13))
        .y_label_style((FONT, 13))
        .axis_desc_style((FONT, 14))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(chart_error)?;
    chart
        .draw_series(LineSeries::new(
            values
                .iter()
                .enumerate()
                .map(|(h, &v)| (h as f64 / hours_per_month, v)),
            RGBColor(25, 118, 210).stroke_width(1),
        ))
        .map_err(chart_error)?
        .label("hourly PUE")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], RGBColor(25, 118, 210)));
    if let Some(pue) = year.pue {
        chart
            .draw_series(LineSeries::new(
                [(0.0, pue), (12.0, pue)],
                BLACK.stroke_width(2),
            ))
            .map_err(chart_error)?
            .label(format!("annual PUE {pue:.3} (ratio of annual energies)"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], BLACK.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 12))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(chart_error)?;
    Ok(())
}

/// The name of the month starting at tick `m` (0 = January), or nothing off a month start.
fn month_at(m: f64) -> String {
    let i = m.round();
    if (m - i).abs() < 1e-6 && (0.0..12.0).contains(&i) {
        MONTHS[i as usize].to_owned()
    } else {
        String::new()
    }
}

fn headroom_duration<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &HourlySeries,
    heat_mw: &[f64],
) -> Result<()> {
    let (left, right) = area.split_horizontally(WIDTH / 2);
    let sorted = |values: Vec<f64>| {
        let mut v = values;
        v.sort_by(f64::total_cmp);
        v
    };
    // Spare share of the hour's heat-rejection capacity: headroom / (heat + headroom), so loops
    // of different sizes share one scale.
    let heat: Vec<(String, Vec<f64>)> = series
        .loops
        .iter()
        .zip(heat_mw)
        .map(|(l, &heat)| {
            let share = l
                .heat_headroom
                .iter()
                .map(|p| {
                    let h = p.get::<megawatt>();
                    let capacity = heat + h;
                    if capacity > 0.0 {
                        100.0 * h / capacity
                    } else {
                        0.0
                    }
                })
                .collect();
            (l.name.clone(), sorted(share))
        })
        .collect();
    let temperature: Vec<(String, Vec<f64>)> = series
        .loops
        .iter()
        .filter(|l| l.temperature_headroom.iter().all(Option::is_some))
        .map(|l| {
            let k = l
                .temperature_headroom
                .iter()
                .flatten()
                .map(|t| t.get::<kelvin_interval>())
                .collect();
            (l.name.clone(), sorted(k))
        })
        .collect();
    duration_panel(
        &left,
        "Heat-rejection headroom, sorted (redundant units out)",
        "% of the hour's capacity spare",
        &heat,
    )?;
    duration_panel(
        &right,
        "Temperature headroom to the tightest limit, sorted",
        "K below the limit",
        &temperature,
    )
}

fn duration_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    y_desc: &str,
    curves: &[(String, Vec<f64>)],
) -> Result<()> {
    let hours = curves
        .iter()
        .map(|(_, v)| v.len())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let all = curves.iter().flat_map(|(_, v)| v.iter().copied());
    let (lo, hi) = all.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) * 0.08).max(0.5);
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 15))
        .margin(14)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..hours, (lo - pad)..(hi + pad))
        .map_err(chart_error)?;
    chart
        .configure_mesh()
        .x_desc("hours of the year with at most this headroom")
        .y_desc(y_desc)
        .x_label_formatter(&|h| format!("{h:.0}"))
        .x_label_style((FONT, 12))
        .y_label_style((FONT, 12))
        .axis_desc_style((FONT, 13))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(chart_error)?;
    chart
        .draw_series(LineSeries::new(
            [(0.0, 0.0), (hours, 0.0)],
            BLACK.mix(0.6).stroke_width(1),
        ))
        .map_err(chart_error)?;
    for ((name, values), colour) in curves.iter().zip(LOOP_COLOURS.iter().cycle()) {
        let colour = *colour;
        chart
            .draw_series(LineSeries::new(
                values.iter().enumerate().map(|(h, &v)| (h as f64, v)),
                colour.stroke_width(2),
            ))
            .map_err(chart_error)?
            .label(format!(
                "{name} (least {:.1})",
                values.first().copied().unwrap_or(0.0)
            ))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(2)));
    }
    if !curves.is_empty() {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .label_font((FONT, 12))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(chart_error)?;
    }
    Ok(())
}
