//! SVG charts a planner would rather look at than read (plotters' SVG backend, no system
//! fonts needed): where the interconnect's megawatts go (one site, or several side by side),
//! hourly PUE over the year, the sorted (duration) curves of each cooling loop's headroom and
//! of facility power against the supply, a sweep's metric against its varied fields, and a
//! business case's cumulative cash flow.
//!
//! The output is deterministic: the same report gives the same bytes. Text is laid out without
//! fonts, so its width is estimated ([`CHAR_WIDTH_EM`]) and long text (a site's name) is
//! shortened with "…" to stay inside the picture.

use super::{AnnualReport, FinanceReport, PlanReport, thousands};
use crate::error::{Error, Result};
use crate::flexibility::HourDispatch;
use crate::simulate::HourlySeries;
use crate::units::*;
use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordu32};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const WIDTH: u32 = 1000;
const BAR_HEIGHT: u32 = 260;
const PANEL_HEIGHT: u32 = 380;
const HEADER_HEIGHT: u32 = 30;
const FONT: &str = "sans-serif";

/// Colours of the breakdown, in the order of [`segments`].
const SEGMENT_COLOURS: [RGBColor; 7] = [
    RGBColor(46, 125, 50),   // IT
    RGBColor(25, 118, 210),  // cooling
    RGBColor(245, 124, 0),   // losses
    RGBColor(123, 31, 162),  // house
    RGBColor(121, 85, 72),   // lumped overhead
    RGBColor(0, 151, 167),   // heat upgrade
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

const RED: RGBColor = RGBColor(211, 47, 47);
const BLUE: RGBColor = RGBColor(25, 118, 210);
const GREEN: RGBColor = RGBColor(56, 142, 60);
const GREY: RGBColor = RGBColor(158, 158, 158);

/// Estimated advance of one character in a sans-serif font, in ems (DejaVu Sans and Arial
/// average about 0.55 em over mixed text and digits; rounded up so estimates err long).
pub const CHAR_WIDTH_EM: f64 = 0.6;

/// plotters writes a font of size `s` as `font-size = s / 1.24` in its SVG.
const PLOTTERS_EM: f64 = 1.24;

/// Estimated width in pixels of `text` at plotters font size `size`.
fn text_width(text: &str, size: u32) -> f64 {
    text.chars().count() as f64 * f64::from(size) / PLOTTERS_EM * CHAR_WIDTH_EM
}

/// `text` shortened with "…" to fit `width` pixels at plotters font size `size`.
fn fit(text: &str, size: u32, width: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_owned();
    }
    let per_char = f64::from(size) / PLOTTERS_EM * CHAR_WIDTH_EM;
    let keep = ((width / per_char) as usize).saturating_sub(1);
    let mut short: String = text.chars().take(keep).collect();
    short = short.trim_end().to_owned();
    short.push('…');
    short
}

fn chart_error<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> Error {
    Error::Internal {
        what: format!("drawing an SVG chart: {e}"),
    }
}

/// Draws `lines` centred at the top of `area`, each shortened to fit, and returns the area
/// below them.
fn caption<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[&str],
    size: u32,
) -> Result<DrawingArea<DB, Shift>> {
    let width = f64::from(area.dim_in_pixel().0) - 20.0;
    let mut rest = area.clone();
    for line in lines {
        rest = rest
            .titled(&fit(line, size, width), (FONT, size))
            .map_err(chart_error)?;
    }
    Ok(rest)
}

/// Renders a chart of `width` × `height` pixels drawn by `draw` on a white page.
fn svg(
    (width, height): (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<()>,
) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        draw(&root)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// A number for a label: digits grouped, three significant figures at most below 100.
fn short(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".to_owned()
    } else if a >= 999.5 {
        let sign = if v < 0.0 { "-" } else { "" };
        format!("{sign}{}", thousands(a.round() as u64))
    } else if a >= 99.95 {
        format!("{v:.0}")
    } else if a >= 9.995 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
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
    svg((WIDTH, BAR_HEIGHT + 20), |root| power_breakdown(root, plan))
}

/// The annual simulation as an SVG: hourly PUE over the year, the headroom duration curves of
/// each loop, facility power (sorted) against the interconnect and the substation's firm
/// capacity, and where the megawatts go at the design hour.
pub fn annual_svg(plan: &PlanReport, year: &AnnualReport, series: &HourlySeries) -> Result<String> {
    annual_flex_svg(plan, year, series, &[])
}

/// [`annual_svg`] with the flexibility dispatch of the same year (from
/// [`crate::flexibility::dispatch_year`] at the same racks): the facility power panel shades
/// the part of each hour's demand not drawn from the grid — shaved by the battery, generation,
/// the dynamic cap and curtailment — and draws the grid's share (import less charging) sorted
/// with the demand. The same as [`annual_svg`] when `dispatch` is empty.
pub fn annual_flex_svg(
    plan: &PlanReport,
    year: &AnnualReport,
    series: &HourlySeries,
    dispatch: &[HourDispatch],
) -> Result<String> {
    let height = HEADER_HEIGHT + BAR_HEIGHT + 20 + 3 * PANEL_HEIGHT;
    svg((WIDTH, height), |root| {
        let title = format!("{} — {} hours of {}", year.site, year.hours, year.climate);
        let root = caption(root, &[&title], 15)?;
        let (pue, rest) = root.split_vertically(PANEL_HEIGHT);
        let (duration, rest) = rest.split_vertically(PANEL_HEIGHT);
        let (facility, bar) = rest.split_vertically(PANEL_HEIGHT);
        pue_over_year(&pue, year, series)?;
        let heat: Vec<f64> = plan.loops.iter().map(|l| l.heat_mw).collect();
        headroom_duration(&duration, series, &heat)?;
        facility_duration(&facility, plan, series, dispatch)?;
        power_breakdown(&bar, plan)
    })
}

/// The breakdown segments: label and MW.
fn segments(plan: &PlanReport) -> [(&'static str, f64); 7] {
    let p = &plan.power;
    [
        ("IT", p.it_mw),
        ("cooling", p.cooling_mw),
        ("electrical losses", p.electrical_losses_mw),
        ("house", p.house_mw),
        ("lumped overhead", p.lumped_overhead_mw),
        ("heat upgrade", p.heat_upgrade_mw),
        ("unused", p.unused_mw.max(0.0)),
    ]
}

/// The shown segments of `plan`'s breakdown with their colours.
fn shown_segments(plan: &PlanReport) -> Vec<((&'static str, f64), RGBColor)> {
    segments(plan)
        .into_iter()
        .zip(SEGMENT_COLOURS)
        .filter(|((_, v), _)| *v > 0.0)
        .collect()
}

fn power_breakdown<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plan: &PlanReport,
) -> Result<()> {
    let total = plan.power.interconnect_mw.max(plan.power.facility_mw);
    let title = format!(
        "Where the {:.0} MW go at the design hour ({:.1} °C) — {}",
        plan.power.interconnect_mw, plan.design_ambient.dry_bulb_c, plan.site,
    );
    let fits = format!(
        "{} racks, {} GPUs; binding: {}",
        thousands(u64::from(plan.primary_racks)),
        thousands(plan.accelerators),
        plan.binding.constraint
    );
    let area = caption(area, &[&title, &fits], 15)?;
    let mut chart = mw_bars(&area, total, 1.0, "MW of grid interconnect")?;
    let shown = shown_segments(plan);
    let mut start = 0.0;
    for &((_, value), colour) in &shown {
        let end = start + value;
        chart
            .draw_series([Rectangle::new([(start, 0.5), (end, 0.95)], colour.filled())])
            .map_err(chart_error)?;
        let label = format!("{value:.1} MW");
        // Only where the label fits inside its segment (about 920 px for the whole bar).
        if text_width(&label, 14) + 8.0 < 920.0 * value / total {
            chart
                .draw_series([Text::new(label, ((start + end) / 2.0, 0.725), centred(14))])
                .map_err(chart_error)?;
        }
        start = end;
    }
    // The legend under the bar, three to a row between 0.32 and 0.12: a swatch and
    // "label: MW (share)".
    let slot = total / 3.0;
    let rows = shown.len().div_ceil(3).max(2);
    let pitch = 0.2 / (rows - 1) as f64;
    let half = (0.3 * pitch).min(0.06);
    for (i, &((label, value), colour)) in shown.iter().enumerate() {
        let x = slot * (i % 3) as f64;
        let y = 0.32 - pitch * (i / 3) as f64;
        chart
            .draw_series([Rectangle::new(
                [(x, y - half), (x + total * 0.012, y + half)],
                colour.filled(),
            )])
            .map_err(chart_error)?;
        chart
            .draw_series([Text::new(
                format!(
                    "{label}: {value:.1} MW ({:.1} % of the interconnect)",
                    100.0 * value / plan.power.interconnect_mw
                ),
                (x + total * 0.018, y),
                left(12),
            )])
            .map_err(chart_error)?;
    }
    Ok(())
}

/// The charts' common mesh: label and axis-description fonts, no light grid lines.
trait HouseStyle {
    fn house_style(&mut self) -> &mut Self;
}

impl<X: Ranged, Y: Ranged, DB: DrawingBackend> HouseStyle for MeshStyle<'_, '_, X, Y, DB> {
    fn house_style(&mut self) -> &mut Self {
        self.x_label_style((FONT, 13))
            .y_label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .light_line_style(WHITE.mix(0.0))
    }
}

/// A chart of horizontal bars on a MW axis from 0 to `total`, `rows` high, without a y axis.
fn mw_bars<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    total: f64,
    rows: f64,
    x_desc: &str,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>> {
    let mut chart = ChartBuilder::on(area)
        .margin(14)
        .x_label_area_size(36)
        .y_label_area_size(10)
        .build_cartesian_2d(0.0..total, 0.0..rows)
        .map_err(chart_error)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .light_line_style(WHITE.mix(0.0))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .x_desc(x_desc)
        .x_label_style((FONT, 13))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(chart_error)?;
    Ok(chart)
}

/// White text centred on a point.
fn centred(size: u32) -> TextStyle<'static> {
    (FONT, size)
        .into_font()
        .color(&WHITE)
        .pos(Pos::new(HPos::Center, VPos::Center))
}

/// Black text starting at a point.
fn left(size: u32) -> TextStyle<'static> {
    (FONT, size)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center))
}

/// Plans of several sites side by side: each site's breakdown as a bar on one MW scale, with
/// its GPUs and design-hour PUE.
///
/// ```
/// use dcplan::prelude::*;
/// use dcplan::report::{PlanReport, chart};
/// let d = Deployment::new(RackProfile::from_system(catalog::find("GB200 NVL72")?, 1)?);
/// let report = |name: &str, mw: f64| -> dcplan::Result<PlanReport> {
///     let site = Site::builder(name, GridInterconnect::new(megawatts(mw))?)
///         .lumped_pue(Pue::new(1.2)?)
///         .build()?;
///     PlanReport::new(&site, &d, &plan(&site, &d)?)
/// };
/// let svg = chart::compare_svg(&[report("small", 50.0)?, report("large", 100.0)?])?;
/// assert!(svg.contains("small") && svg.contains("large"));
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn compare_svg(plans: &[PlanReport]) -> Result<String> {
    const ROW: u32 = 64;
    const LABELS: u32 = 300;
    let rows = u32::try_from(plans.len()).unwrap_or(u32::MAX).min(10_000);
    let height = HEADER_HEIGHT + 60 + ROW * rows + 82;
    svg((WIDTH, height), |root| {
        let area = caption(
            root,
            &["Where each site's interconnect goes at its design hour"],
            16,
        )?;
        let total = plans
            .iter()
            .map(|p| p.power.interconnect_mw.max(p.power.facility_mw))
            .fold(0.0, f64::max)
            .max(1e-9);
        let (names, bars) = area.split_horizontally(LABELS);
        let (bars, legend) = bars.split_vertically(ROW * rows + 50);
        let n = f64::from(rows);
        let mut chart = mw_bars(&bars, total, n, "MW")?;
        for (i, plan) in plans.iter().take(rows as usize).enumerate() {
            let top = n - i as f64 - 0.15;
            let bottom = n - i as f64 - 0.85;
            let mut start = 0.0;
            for ((_, value), colour) in shown_segments(plan) {
                let end = start + value;
                chart
                    .draw_series([Rectangle::new(
                        [(start, bottom), (end, top)],
                        colour.filled(),
                    )])
                    .map_err(chart_error)?;
                start = end;
            }
            // The site's name and figures left of its bar, level with it.
            let y = 10 + (f64::from(ROW) * (i as f64 + 0.5)) as i32;
            let lines = [
                (fit(&plan.site, 13, f64::from(LABELS) - 20.0), 13, -9),
                (
                    fit(
                        &format!(
                            "{} GPUs, PUE {}, {:.0} MW",
                            thousands(plan.accelerators),
                            plan.pue.map_or("—".to_owned(), |p| format!("{p:.3}")),
                            plan.power.interconnect_mw
                        ),
                        11,
                        f64::from(LABELS) - 20.0,
                    ),
                    11,
                    9,
                ),
            ];
            for (text, size, dy) in lines {
                names
                    .draw(&Text::new(text, (10, y + dy), left(size)))
                    .map_err(chart_error)?;
            }
        }
        // One legend for every bar.
        let labels = segments(&plans[0]).map(|(label, _)| label);
        for (i, (label, colour)) in labels.iter().zip(SEGMENT_COLOURS).enumerate() {
            let x = 10 + (i as i32 % 3) * 220;
            let y = 14 + (i as i32 / 3) * 22;
            legend
                .draw(&Rectangle::new(
                    [(x, y - 6), (x + 12, y + 6)],
                    colour.filled(),
                ))
                .map_err(chart_error)?;
            legend
                .draw(&Text::new(format!("{label} (MW)"), (x + 18, y), left(12)))
                .map_err(chart_error)?;
        }
        Ok(())
    })
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
        .house_style()
        .draw()
        .map_err(chart_error)?;
    chart
        .draw_series(LineSeries::new(
            values
                .iter()
                .enumerate()
                .map(|(h, &v)| (h as f64 / hours_per_month, v)),
            BLUE.stroke_width(1),
        ))
        .map_err(chart_error)?
        .label("hourly PUE")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], BLUE));
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
        "%",
        &heat,
    )?;
    duration_panel(
        &right,
        "Temperature headroom to the tightest limit, sorted",
        "K below the limit",
        "K",
        &temperature,
    )
}

/// Sorted curves (least first) of a headroom in `unit`, one per loop, with the zero line and,
/// under the plot, a legend naming each loop's least headroom and its hours at or below zero
/// (which would otherwise hide at the plot's left edge).
fn duration_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    y_desc: &str,
    unit: &str,
    curves: &[(String, Vec<f64>)],
) -> Result<()> {
    let rows = u32::try_from(curves.len()).unwrap_or(u32::MAX).min(6);
    let (plot, legend) = area.split_vertically(PANEL_HEIGHT - 18 * rows.max(1));
    let hours = curves
        .iter()
        .map(|(_, v)| v.len())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let all = curves.iter().flat_map(|(_, v)| v.iter().copied());
    let (lo, hi) = all.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    // Zero (and any line on it) stays clear of the axis: a tenth of the span below it.
    let pad = ((hi - lo) * 0.1).max(0.5);
    let mut chart = ChartBuilder::on(&plot)
        .caption(fit(title, 15, f64::from(WIDTH / 2) - 20.0), (FONT, 15))
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
        .house_style()
        .draw()
        .map_err(chart_error)?;
    chart
        .draw_series(LineSeries::new(
            [(0.0, 0.0), (hours, 0.0)],
            BLACK.mix(0.4).stroke_width(1),
        ))
        .map_err(chart_error)?;
    for (i, ((name, values), colour)) in curves.iter().zip(LOOP_COLOURS.iter().cycle()).enumerate()
    {
        let colour = *colour;
        chart
            .draw_series(LineSeries::new(
                values.iter().enumerate().map(|(h, &v)| (h as f64, v)),
                colour.stroke_width(2),
            ))
            .map_err(chart_error)?;
        let least = values.first().copied().unwrap_or(0.0);
        // The least point, marked: the hours at the limit are the first few of the curve.
        chart
            .draw_series([Circle::new((0.0, least), 4, colour.filled())])
            .map_err(chart_error)?;
        let at_zero = values.iter().take_while(|&&v| v <= 0.0).count();
        let mut text = format!("{name}: least {least:.1} {unit}");
        if at_zero > 0 {
            text += &format!(", {} h at 0 {unit} or less", thousands(at_zero as u64));
        }
        if i < rows as usize {
            let y = 9 + 18 * i as i32;
            legend
                .draw(&PathElement::new(
                    [(70, y), (90, y)],
                    colour.stroke_width(3),
                ))
                .map_err(chart_error)?;
            legend
                .draw(&Text::new(
                    fit(&text, 12, f64::from(WIDTH / 2) - 110.0),
                    (96, y),
                    left(12),
                ))
                .map_err(chart_error)?;
        }
    }
    Ok(())
}

/// Facility power over the year, sorted (a load-duration curve), against the interconnect
/// and the usable supply: the hours above them are the hours over supply.
fn facility_duration<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plan: &PlanReport,
    series: &HourlySeries,
    dispatch: &[HourDispatch],
) -> Result<()> {
    let mut mw: Vec<f64> = series
        .facility
        .iter()
        .map(|p| p.get::<megawatt>())
        .collect();
    mw.sort_by(|a, b| b.total_cmp(a));
    let interconnect = plan.power.interconnect_mw;
    let supply = plan.power.usable_supply_mw;
    let over = |limit: f64| mw.iter().filter(|&&p| p > limit).count();
    let peak = mw.first().copied().unwrap_or(0.0);
    let least = mw.last().copied().unwrap_or(0.0);
    let hi = peak.max(interconnect);
    let lo = least.min(supply);
    let pad = ((hi - lo) * 0.1).max(0.5);
    let hours = mw.len().max(1) as f64;
    let (plot, legend) = area.split_vertically(PANEL_HEIGHT - 40);
    let mut chart = ChartBuilder::on(&plot)
        .caption(
            "Facility power at the grid, sorted, against the supply",
            (FONT, 17),
        )
        .margin(14)
        .x_label_area_size(36)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..hours, (lo - pad)..(hi + pad))
        .map_err(chart_error)?;
    chart
        .configure_mesh()
        .x_desc("hours of the year with at least this facility power")
        .y_desc("MW")
        .x_label_formatter(&|h| format!("{h:.0}"))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .house_style()
        .draw()
        .map_err(chart_error)?;
    let mut lines = vec![(
        format!(
            "interconnect {interconnect:.1} MW: exceeded {} h",
            thousands(over(interconnect) as u64)
        ),
        interconnect,
        RED,
    )];
    if supply < interconnect - 1e-9 {
        lines.push((
            format!(
                "usable supply {supply:.1} MW (substation firm): exceeded {} h",
                thousands(over(supply) as u64)
            ),
            supply,
            RGBColor(245, 124, 0),
        ));
    }
    for (_, limit, colour) in &lines {
        chart
            .draw_series(LineSeries::new(
                [(0.0, *limit), (hours, *limit)],
                colour.stroke_width(2),
            ))
            .map_err(chart_error)?;
    }
    chart
        .draw_series(LineSeries::new(
            mw.iter().enumerate().map(|(h, &p)| (h as f64, p)),
            BLUE.stroke_width(2),
        ))
        .map_err(chart_error)?;
    if !dispatch.is_empty() {
        // Hours sorted by demand, the grid's share beside each: the gap between them shaved.
        let mut pairs: Vec<(f64, f64)> = dispatch
            .iter()
            .map(|d| {
                let demand = d.facility_demand.get::<megawatt>();
                let grid = (d.grid_import - d.battery_charge).get::<megawatt>();
                (demand, grid.min(demand))
            })
            .collect();
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let shaved_hours = pairs.iter().filter(|(d, g)| d - g > 1e-9).count();
        let shaved_mwh: f64 = pairs.iter().map(|(d, g)| d - g).sum();
        let shade = RGBColor(46, 125, 50);
        let outline: Vec<(f64, f64)> = pairs
            .iter()
            .enumerate()
            .map(|(h, (d, _))| (h as f64, *d))
            .chain(
                pairs
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(h, (_, g))| (h as f64, *g)),
            )
            .collect();
        chart
            .draw_series([Polygon::new(outline, shade.mix(0.35).filled())])
            .map_err(chart_error)?;
        chart
            .draw_series(LineSeries::new(
                pairs.iter().enumerate().map(|(h, (_, g))| (h as f64, *g)),
                shade.stroke_width(1),
            ))
            .map_err(chart_error)?;
        lines.push((
            format!(
                "shaved off the grid: {shaved_mwh:.0} MWh in {} h",
                thousands(shaved_hours as u64)
            ),
            0.0,
            shade,
        ));
    }
    lines.insert(
        0,
        (
            format!("facility power (peak {peak:.1} MW, least {least:.1} MW)"),
            peak,
            BLUE,
        ),
    );
    let step = if lines.len() > 3 { 225 } else { 300 };
    for (i, (text, _, colour)) in lines.iter().enumerate() {
        let x = 80 + step * i as i32;
        legend
            .draw(&PathElement::new(
                [(x, 12), (x + 20, 12)],
                colour.stroke_width(3),
            ))
            .map_err(chart_error)?;
        legend
            .draw(&Text::new(
                fit(text, 12, f64::from(step) - 30.0),
                (x + 26, 12),
                left(12),
            ))
            .map_err(chart_error)?;
    }
    Ok(())
}

/// One varied field of a sweep, for [`sweep_svg`]: its path and each value as written.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepAxis {
    /// The field's path, e.g. `interconnect.capacity`.
    pub path: String,
    /// Its values as written (`"50 MW"`, `"GB200 NVL72"`).
    pub values: Vec<String>,
}

impl SweepAxis {
    /// The values as numbers with one unit (`"50 MW"` → 50 and `MW`), if they all are.
    fn numeric(&self) -> Option<(Vec<f64>, String)> {
        let mut unit = None;
        let mut numbers = Vec::with_capacity(self.values.len());
        for v in &self.values {
            let v = v.trim();
            let end = v.find(|c: char| c.is_whitespace()).unwrap_or(v.len());
            let x: f64 = v[..end].parse().ok().filter(|x: &f64| x.is_finite())?;
            let u = v[end..].trim().to_owned();
            if unit.get_or_insert_with(|| u.clone()) != &u {
                return None;
            }
            numbers.push(x);
        }
        Some((numbers, unit.unwrap_or_default()))
    }
}

/// Most cells of a sweep chart: a larger grid would not be legible (nor small).
pub const MAX_SWEEP_CHART_CELLS: u64 = 40_000;

/// Whether [`sweep_svg`] can draw a sweep of `fields` varied fields and `scenarios` scenarios:
/// one field or two, at most [`MAX_SWEEP_CHART_CELLS`] scenarios. An error about `--svg`
/// otherwise, so a command can refuse the chart before it runs the sweep.
///
/// ```
/// use dcplan::report::chart::sweep_chart_fits;
/// assert!(sweep_chart_fits(2, 400).is_ok());
/// assert!(sweep_chart_fits(3, 8).unwrap_err().to_string().contains("varies 3"));
/// ```
pub fn sweep_chart_fits(fields: usize, scenarios: u64) -> Result<()> {
    let reason = if !(1..=2).contains(&fields) {
        format!(
            "a chart shows one varied field (a line) or two (a heat map); this sweep varies \
             {fields}"
        )
    } else if scenarios > MAX_SWEEP_CHART_CELLS {
        format!(
            "a chart of {} scenarios would not be legible: chart at most {}",
            thousands(scenarios),
            thousands(MAX_SWEEP_CHART_CELLS)
        )
    } else {
        return Ok(());
    };
    Err(Error::Inconsistent {
        field: "--svg".into(),
        reason,
    })
}

/// A sweep as an SVG: the `metric` against the one varied field (a line over numbers, bars
/// over names), or a heat map over two. `cells` holds the metric of each scenario in the
/// sweep's order (the last field varies fastest); `None` marks a failed scenario (a gap, or a
/// grey cell).
///
/// ```
/// use dcplan::report::chart::{SweepAxis, sweep_svg};
/// let axis = SweepAxis {
///     path: "interconnect.capacity".into(),
///     values: vec!["50 MW".into(), "100 MW".into(), "150 MW".into()],
/// };
/// let svg = sweep_svg("campus", "GPUs", &[axis], &[Some(25_000.0), Some(50_000.0), None])?;
/// assert!(svg.contains("interconnect.capacity (MW)") && svg.contains("1 of 3 scenarios failed"));
/// # Ok::<(), dcplan::Error>(())
/// ```
pub fn sweep_svg(
    site: &str,
    metric: &str,
    axes: &[SweepAxis],
    cells: &[Option<f64>],
) -> Result<String> {
    let expected = axes.iter().map(|a| a.values.len()).product::<usize>();
    if cells.len() != expected {
        return Err(Error::Misuse {
            operation: "chart::sweep_svg".into(),
            reason: format!(
                "needs one value per scenario: {} values for {expected} scenarios",
                cells.len()
            ),
        });
    }
    sweep_chart_fits(axes.len(), cells.len() as u64)?;
    let failed = cells.iter().filter(|c| c.is_none()).count();
    let mut title = format!("{metric} — {site}");
    if failed > 0 {
        title += &format!(
            " ({} of {} scenarios failed)",
            thousands(failed as u64),
            thousands(cells.len() as u64)
        );
    }
    svg((WIDTH, 620), |root| {
        let area = caption(root, &[&title], 16)?;
        match axes {
            [x] => sweep_line(&area, metric, x, cells),
            [x, y] => sweep_heat_map(&area, metric, x, y, cells),
            _ => Ok(()),
        }
    })
}

/// The range of the values of `cells`, padded (0 … 1 when there are none).
fn value_range(cells: &[Option<f64>]) -> (f64, f64) {
    let (lo, hi) = cells
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.08)
        .max(hi.abs().max(lo.abs()) * 0.02)
        .max(1e-9);
    (lo - pad, hi + pad)
}

fn sweep_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    metric: &str,
    axis: &SweepAxis,
    cells: &[Option<f64>],
) -> Result<()> {
    let (lo, hi) = value_range(cells);
    let y_desc = fit(metric, 14, 500.0);
    if let Some((xs, unit)) = axis.numeric() {
        let (x0, x1) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        let pad = ((x1 - x0) * 0.03).max(x0.abs() * 0.02).max(1e-9);
        let mut chart = ChartBuilder::on(area)
            .margin(20)
            .x_label_area_size(44)
            .y_label_area_size(80)
            .build_cartesian_2d((x0 - pad)..(x1 + pad), lo..hi)
            .map_err(chart_error)?;
        let x_desc = if unit.is_empty() {
            axis.path.clone()
        } else {
            format!("{} ({unit})", axis.path)
        };
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .y_label_formatter(&|v| short(*v))
            .x_label_formatter(&|v| short(*v))
            .house_style()
            .draw()
            .map_err(chart_error)?;
        // A line through consecutive successful scenarios; a failure breaks it.
        let points: Vec<(f64, Option<f64>)> =
            xs.iter().copied().zip(cells.iter().copied()).collect();
        for run in points.split(|(_, v)| v.is_none()) {
            chart
                .draw_series(LineSeries::new(
                    run.iter().filter_map(|&(x, v)| v.map(|v| (x, v))),
                    BLUE.stroke_width(2),
                ))
                .map_err(chart_error)?;
        }
        chart
            .draw_series(
                points
                    .iter()
                    .filter_map(|&(x, v)| v.map(|v| Circle::new((x, v), 3, BLUE.filled()))),
            )
            .map_err(chart_error)?;
        chart
            .draw_series(points.iter().filter(|(_, v)| v.is_none()).map(|&(x, _)| {
                Text::new(
                    "failed",
                    (x, lo + (hi - lo) * 0.05),
                    (FONT, 12)
                        .into_font()
                        .color(&RED)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                )
            }))
            .map_err(chart_error)?;
        return Ok(());
    }
    // Names: one bar per value.
    let n = axis.values.len() as u32;
    let names = axis.values.clone();
    let mut chart = ChartBuilder::on(area)
        .margin(20)
        .x_label_area_size(44)
        .y_label_area_size(80)
        .build_cartesian_2d(categories(n), lo.min(0.0)..hi)
        .map_err(chart_error)?;
    let per_bar = 800.0 / f64::from(n.max(1));
    chart
        .configure_mesh()
        .x_desc(axis.path.clone())
        .y_desc(y_desc)
        .x_labels(n as usize)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => names
                .get(*i as usize)
                .map(|s| fit(s, 13, per_bar))
                .unwrap_or_default(),
            _ => String::new(),
        })
        .y_label_formatter(&|v| short(*v))
        .disable_x_mesh()
        .house_style()
        .draw()
        .map_err(chart_error)?;
    for (i, cell) in cells.iter().enumerate() {
        let i = i as u32;
        match cell {
            Some(v) => {
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), *v),
                    ],
                    BLUE.filled(),
                );
                bar.set_margin(0, 0, 8, 8);
                chart.draw_series([bar]).map_err(chart_error)?;
                chart
                    .draw_series([Text::new(
                        short(*v),
                        (SegmentValue::CenterOf(i), *v),
                        (FONT, 12)
                            .into_font()
                            .color(&BLACK)
                            .pos(Pos::new(HPos::Center, VPos::Bottom)),
                    )])
                    .map_err(chart_error)?;
            }
            None => {
                chart
                    .draw_series([Text::new(
                        "failed",
                        (SegmentValue::CenterOf(i), lo + (hi - lo) * 0.05),
                        (FONT, 12)
                            .into_font()
                            .color(&RED)
                            .pos(Pos::new(HPos::Center, VPos::Center)),
                    )])
                    .map_err(chart_error)?;
            }
        }
    }
    Ok(())
}

/// `n` categories (0 … n − 1) as segments with their labels at the centres.
fn categories(n: u32) -> SegmentedCoord<RangedCoordu32> {
    (0..n.saturating_sub(1)).into_segmented()
}

/// Colour of `t` in 0 … 1 on a three-stop blue–green–yellow scale (viridis' ends and middle).
fn scale(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 3] = [
        (68.0, 1.0, 84.0),
        (33.0, 145.0, 140.0),
        (253.0, 231.0, 37.0),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (a, b, u) = if t < 0.5 {
        (STOPS[0], STOPS[1], t * 2.0)
    } else {
        (STOPS[1], STOPS[2], t * 2.0 - 1.0)
    };
    let mix = |p: f64, q: f64| (p + (q - p) * u).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn sweep_heat_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    metric: &str,
    x: &SweepAxis,
    y: &SweepAxis,
    cells: &[Option<f64>],
) -> Result<()> {
    let (nx, ny) = (x.values.len() as u32, y.values.len() as u32);
    let (plot, key) = area.split_horizontally(WIDTH - 150);
    let mut chart = ChartBuilder::on(&plot)
        .margin(20)
        .x_label_area_size(44)
        .y_label_area_size(120)
        .build_cartesian_2d(categories(nx), categories(ny))
        .map_err(chart_error)?;
    let (width, height) = chart.plotting_area().dim_in_pixel();
    let (cell_w, cell_h) = (
        f64::from(width) / f64::from(nx.max(1)),
        f64::from(height) / f64::from(ny.max(1)),
    );
    let label = |values: &[String], room: f64| {
        let values = values.to_vec();
        move |v: &SegmentValue<u32>| match v {
            SegmentValue::CenterOf(i) => values
                .get(*i as usize)
                .map(|s| fit(s, 12, room))
                .unwrap_or_default(),
            _ => String::new(),
        }
    };
    let x_label = label(&x.values, cell_w);
    let y_label = label(&y.values, 100.0);
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(nx.min(40) as usize)
        .y_labels(ny.min(30) as usize)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .x_desc(x.path.clone())
        .y_desc(y.path.clone())
        .x_label_style((FONT, 12))
        .y_label_style((FONT, 12))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(chart_error)?;
    let (lo, hi) = cells
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let show_values = cell_w >= 44.0 && cell_h >= 16.0;
    for (k, cell) in cells.iter().enumerate() {
        // The last field varies fastest: it runs along y.
        let (i, j) = ((k / ny as usize) as u32, (k % ny as usize) as u32);
        let colour = cell.map_or(GREY, |v| scale((v - lo) / span));
        chart
            .draw_series([Rectangle::new(
                [
                    (SegmentValue::Exact(i), SegmentValue::Exact(j)),
                    (SegmentValue::Exact(i + 1), SegmentValue::Exact(j + 1)),
                ],
                colour.filled(),
            )])
            .map_err(chart_error)?;
        if show_values {
            let text = cell.map_or("failed".to_owned(), short);
            let light = cell.is_some_and(|v| (v - lo) / span > 0.55);
            let style = (FONT, 11)
                .into_font()
                .color(if light { &BLACK } else { &WHITE })
                .pos(Pos::new(HPos::Center, VPos::Center));
            chart
                .draw_series([Text::new(
                    fit(&text, 11, cell_w - 4.0),
                    (SegmentValue::CenterOf(i), SegmentValue::CenterOf(j)),
                    style,
                )])
                .map_err(chart_error)?;
        }
    }
    // The colour key: the metric's range, top to bottom.
    let steps = 40;
    let top = 60;
    let bar_h = 300;
    for s in 0..steps {
        let y0 = top + s * bar_h / steps;
        let y1 = top + (s + 1) * bar_h / steps;
        let t = 1.0 - f64::from(s) / f64::from(steps - 1);
        key.draw(&Rectangle::new([(20, y0), (44, y1)], scale(t).filled()))
            .map_err(chart_error)?;
    }
    let ends = if lo <= hi {
        [(short(hi), top), (short(lo), top + bar_h)]
    } else {
        [("—".to_owned(), top), ("—".to_owned(), top + bar_h)]
    };
    for (text, y) in ends {
        key.draw(&Text::new(text, (50, y), left(12)))
            .map_err(chart_error)?;
    }
    key.draw(&Text::new(fit(metric, 12, 140.0), (10, top - 20), left(12)))
        .map_err(chart_error)?;
    if cells.iter().any(Option::is_none) {
        key.draw(&Rectangle::new(
            [(20, top + bar_h + 30), (44, top + bar_h + 46)],
            GREY.filled(),
        ))
        .map_err(chart_error)?;
        key.draw(&Text::new("failed", (50, top + bar_h + 38), left(12)))
            .map_err(chart_error)?;
    }
    Ok(())
}

/// A business case as an SVG: each year's project cash flow (bars) and the cumulative cash
/// flow (line) in millions of US dollars, with the payback where the line crosses zero.
///
/// The `--svg` of `dcplan finance`; the report comes from [`FinanceReport::new`].
pub fn finance_svg(report: &FinanceReport) -> Result<String> {
    svg((WIDTH, 520), |root| {
        let title = format!(
            "Cumulative cash flow — {} ({}): NPV {:.1} MUSD, payback {}",
            report.site,
            report.model,
            report.npv_musd,
            report
                .payback_years
                .map_or("never".to_owned(), |y| format!("{y:.1} years"))
        );
        let area = caption(root, &[&title], 16)?;
        let values = report
            .years
            .iter()
            .flat_map(|y| [y.cash_flow_musd, y.cumulative_musd, 0.0]);
        let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let pad = ((hi - lo) * 0.08).max(1.0);
        let n = report.years.len() as f64;
        let (plot, legend) = area.split_vertically(520 - HEADER_HEIGHT - 30);
        let mut chart = ChartBuilder::on(&plot)
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(80)
            .build_cartesian_2d(-0.5..(n - 0.5), (lo - pad)..(hi + pad))
            .map_err(chart_error)?;
        let ends: Vec<String> = report.years.iter().map(|y| y.ends.clone()).collect();
        chart
            .configure_mesh()
            .x_labels(report.years.len().min(30))
            .x_label_formatter(&|v| {
                let i = v.round();
                if (v - i).abs() < 1e-6 && i >= 0.0 {
                    ends.get(i as usize)
                        .map(|e| e.get(..4).unwrap_or(e).to_owned())
                        .unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|v| short(*v))
            .x_desc("year ending (row 0: the start)")
            .y_desc("MUSD")
            .house_style()
            .draw()
            .map_err(chart_error)?;
        chart
            .draw_series(LineSeries::new(
                [(-0.5, 0.0), (n - 0.5, 0.0)],
                BLACK.mix(0.6).stroke_width(1),
            ))
            .map_err(chart_error)?;
        chart
            .draw_series(report.years.iter().enumerate().map(|(i, y)| {
                let x = i as f64;
                let colour = if y.cash_flow_musd >= 0.0 { GREEN } else { RED };
                Rectangle::new(
                    [(x - 0.3, 0.0), (x + 0.3, y.cash_flow_musd)],
                    colour.mix(0.6).filled(),
                )
            }))
            .map_err(chart_error)?;
        chart
            .draw_series(LineSeries::new(
                report
                    .years
                    .iter()
                    .enumerate()
                    .map(|(i, y)| (i as f64, y.cumulative_musd)),
                BLUE.stroke_width(3),
            ))
            .map_err(chart_error)?;
        chart
            .draw_series(
                report
                    .years
                    .iter()
                    .enumerate()
                    .map(|(i, y)| Circle::new((i as f64, y.cumulative_musd), 4, BLUE.filled())),
            )
            .map_err(chart_error)?;
        let entries = [
            ("cash flow of the year, MUSD (green: in, red: out)", GREEN),
            ("cumulative cash flow, MUSD", BLUE),
        ];
        for (i, (text, colour)) in entries.into_iter().enumerate() {
            let x = 100 + 420 * i as i32;
            legend
                .draw(&Rectangle::new(
                    [(x, 6), (x + 14, 18)],
                    colour.mix(0.8).filled(),
                ))
                .map_err(chart_error)?;
            legend
                .draw(&Text::new(text, (x + 20, 12), left(12)))
                .map_err(chart_error)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every horizontal text of `svg`, as (left, right) edges estimated as the code does.
    fn text_extents(svg: &str) -> Vec<(f64, f64, String)> {
        let mut out = Vec::new();
        for part in svg.split("<text ").skip(1) {
            let (attrs, rest) = part.split_once('>').unwrap();
            if attrs.contains("rotate(") {
                continue;
            }
            let attrs = format!(" {attrs}");
            let attr = |name: &str| {
                let key = format!(" {name}=\"");
                attrs.find(&key).map(|i| {
                    let value = &attrs[i + key.len()..];
                    value[..value.find('"').unwrap()].to_owned()
                })
            };
            let x: f64 = attr("x").unwrap().parse().unwrap();
            let size: f64 = attr("font-size").unwrap().parse().unwrap();
            let text = rest.split("</text>").next().unwrap().trim().to_owned();
            let width = text.chars().count() as f64 * size * CHAR_WIDTH_EM;
            let (l, r) = match attr("text-anchor").as_deref() {
                Some("middle") => (x - width / 2.0, x + width / 2.0),
                Some("end") => (x - width, x),
                _ => (x, x + width),
            };
            out.push((l, r, text));
        }
        out
    }

    #[test]
    fn text_extents_reads_plotters_svg() {
        let svg = r##"<text x="500" y="5" dy="0.76em" text-anchor="middle" font-family="sans-serif" font-size="10" fill="#000000">
abcd
</text>"##;
        assert_eq!(text_extents(svg), vec![(488.0, 512.0, "abcd".to_owned())]);
    }

    #[test]
    fn fit_shortens_long_text_with_an_ellipsis() {
        assert_eq!(fit("short", 15, 500.0), "short");
        let long = "x".repeat(400);
        let f = fit(&long, 15, 500.0);
        assert!(f.ends_with('…') && text_width(&f, 15) <= 500.0, "{f}");
    }

    fn report(name: &str) -> PlanReport {
        use crate::prelude::*;
        let site = Site::builder(name, GridInterconnect::new(megawatts(100.0)).unwrap())
            .lumped_pue(Pue::new(1.2).unwrap())
            .build()
            .unwrap();
        let d = Deployment::new(
            RackProfile::from_system(catalog::find("GB200 NVL72").unwrap(), 1).unwrap(),
        );
        PlanReport::new(&site, &d, &plan(&site, &d).unwrap()).unwrap()
    }

    #[test]
    fn a_long_site_name_stays_inside_the_picture() {
        let name = format!(
            "A campus with a very long name {}",
            "and more words ".repeat(20)
        );
        let svg = plan_svg(&report(&name)).unwrap();
        for (l, r, text) in text_extents(&svg) {
            assert!(l >= 0.0 && r <= f64::from(WIDTH), "{l}..{r}: {text}");
        }
        assert!(svg.contains("A campus with a very long name"));
        let svg = compare_svg(&[report(&name), report("short")]).unwrap();
        for (l, r, text) in text_extents(&svg) {
            assert!(l >= 0.0 && r <= f64::from(WIDTH), "{l}..{r}: {text}");
        }
    }

    /// The Odense site with the heat pumps on the site's meter.
    fn site_owned_heat_pump() -> PlanReport {
        use crate::sitefile::{Format, SiteFile};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sites");
        let text = std::fs::read_to_string(dir.join("odense-heat-reuse.toml")).unwrap();
        let text = text.replace("owner = \"network\"", "owner = \"site\"");
        let s = SiteFile::from_text("site.toml", &text, Format::Toml, &dir)
            .scenario()
            .unwrap();
        let plan = crate::capacity::plan(&s.site, &s.deployment).unwrap();
        PlanReport::new(&s.site, &s.deployment, &plan).unwrap()
    }

    #[test]
    fn the_bar_adds_up_to_the_interconnect_with_a_site_owned_heat_pump() {
        let plan = site_owned_heat_pump();
        assert!(plan.power.heat_upgrade_mw > 1.0, "{:?}", plan.power);
        assert!(plan.power.facility_mw < plan.power.interconnect_mw);
        let shown = shown_segments(&plan);
        let sum: f64 = shown.iter().map(|((_, v), _)| v).sum();
        approx::assert_relative_eq!(sum, plan.power.interconnect_mw, max_relative = 1e-12);
        let svg = plan_svg(&plan).unwrap();
        assert!(svg.contains("heat upgrade: "), "no legend entry");
    }

    #[test]
    fn the_text_table_adds_up_to_the_interconnect_with_a_site_owned_heat_pump() {
        // `dcplan plan`'s "where the megawatts go": the rows above "interconnect", each
        // rounded to 0.01 MW, sum to it.
        let plan = site_owned_heat_pump();
        let table = plan.table();
        let rows: Vec<&str> = table
            .lines()
            .skip_while(|l| !l.starts_with("where the megawatts go"))
            .skip(2)
            .take_while(|l| !l.starts_with("interconnect"))
            .collect();
        assert!(
            rows.iter().any(|r| r.starts_with("heat upgrade")),
            "{table}"
        );
        let mw = |r: &str| -> f64 {
            let cells: Vec<&str> = r.split_whitespace().collect();
            cells[cells.len() - 3].parse().unwrap()
        };
        let sum: f64 = rows.iter().map(|r| mw(r)).sum();
        approx::assert_abs_diff_eq!(sum, plan.power.interconnect_mw, epsilon = 0.005 * 7.0);
    }

    #[test]
    fn bar_labels_carry_their_unit() {
        let svg = plan_svg(&report("campus")).unwrap();
        let labels: Vec<String> = text_extents(&svg).into_iter().map(|(_, _, t)| t).collect();
        // The IT segment's label inside the bar: 100 MW / 1.2.
        assert!(labels.iter().any(|t| t == "83.3 MW"), "{labels:?}");
    }

    fn series(hours: usize, facility_mw: impl Fn(usize) -> f64, headroom_k: f64) -> HourlySeries {
        use crate::simulate::LoopSeries;
        HourlySeries {
            facility: (0..hours).map(|h| megawatts(facility_mw(h))).collect(),
            it: vec![megawatts(80.0); hours],
            cooling: vec![megawatts(5.0); hours],
            electrical_losses: vec![megawatts(5.0); hours],
            pue: vec![Pue::new(1.2).unwrap(); hours],
            emissions: Vec::new(),
            reused_heat: Vec::new(),
            heat_upgrade: Vec::new(),
            loops: vec![LoopSeries {
                name: "liquid".into(),
                power: vec![megawatts(1.0); hours],
                heat_headroom: vec![megawatts(7.3); hours],
                temperature_headroom: vec![Some(kelvin_diff(headroom_k)); hours],
                free_cooling: vec![1.0; hours],
            }],
        }
    }

    fn annual_chart(s: &HourlySeries) -> String {
        let plan = report("campus");
        let year = AnnualReport {
            site: "campus".into(),
            climate: "somewhere".into(),
            hours: s.facility.len(),
            undispatched: false,
            primary_racks: plan.primary_racks,
            accelerators: plan.accelerators,
            energy: crate::report::EnergyReport {
                it_gwh: 1.0,
                electrical_losses_gwh: 0.0,
                cooling_gwh: 0.0,
                house_gwh: 0.0,
                lumped_overhead_gwh: 0.2,
                facility_gwh: 1.2,
            },
            pue: Some(1.2),
            pue_ups_output: None,
            pue_min_hourly: Some(1.2),
            pue_max_hourly: Some(1.2),
            partial_pue_cooling: Some(1.0),
            partial_pue_electrical: Some(1.0),
            wue_l_per_kwh: Some(0.0),
            water_m3: 0.0,
            peak_facility_mw: 100.0,
            hours_over_supply: 0,
            loops: Vec::new(),
            reuse: None,
            sustainability: None,
        };
        annual_svg(&plan, &year, s).unwrap()
    }

    #[test]
    fn headroom_legends_carry_units_and_zero_headroom_shows() {
        let svg = annual_chart(&series(8760, |_| 90.0, 0.0));
        assert!(svg.contains("liquid: least 0.0 K, 8,760 h at 0 K or less"));
        let panel = super::svg((WIDTH, PANEL_HEIGHT), |root| {
            let curve = ("liquid".to_owned(), vec![7.3, 8.0, 9.0]);
            duration_panel(root, "heat", "% spare", "%", &[curve])
        })
        .unwrap();
        assert!(panel.contains("liquid: least 7.3 %<") || panel.contains("liquid: least 7.3 %\n"));
    }

    #[test]
    fn facility_power_is_drawn_against_the_interconnect() {
        // 467 hours above the 100 MW interconnect.
        let svg = annual_chart(&series(8760, |h| if h < 467 { 103.0 } else { 95.0 }, 2.0));
        assert!(svg.contains("Facility power at the grid, sorted"), "{svg}");
        assert!(svg.contains("interconnect 100.0 MW: exceeded 467 h"));
        assert!(svg.contains("peak 103.0 MW"));
    }

    #[test]
    fn sweep_charts_are_lines_bars_and_heat_maps() {
        let capacity = SweepAxis {
            path: "interconnect.capacity".into(),
            values: vec!["50 MW".into(), "100 MW".into()],
        };
        let system = SweepAxis {
            path: "deployment.system".into(),
            values: vec![
                "GB200 NVL72".into(),
                "GB300 NVL72".into(),
                "DGX H200".into(),
            ],
        };
        let line = sweep_svg(
            "s",
            "GPUs",
            std::slice::from_ref(&capacity),
            &[Some(1.0), Some(2.0)],
        )
        .unwrap();
        assert!(line.contains("<polyline") && line.contains("interconnect.capacity (MW)"));
        let bars = sweep_svg(
            "s",
            "GPUs",
            std::slice::from_ref(&system),
            &[Some(1.0), None, Some(3.0)],
        )
        .unwrap();
        assert!(bars.contains("GB300 NVL72") && bars.contains("failed"));
        let cells = [Some(1.0), Some(2.0), Some(3.0), Some(4.0), Some(5.0), None];
        let map = sweep_svg("s", "GPUs", &[capacity.clone(), system.clone()], &cells).unwrap();
        assert!(map.contains("deployment.system") && map.contains("1 of 6 scenarios failed"));
        // Deterministic.
        assert_eq!(
            map,
            sweep_svg("s", "GPUs", &[capacity.clone(), system], &cells).unwrap()
        );
        assert!(sweep_svg("s", "GPUs", &[capacity], &[Some(1.0)]).is_err());
    }

    #[test]
    fn colour_scale_runs_between_its_ends() {
        assert_eq!(scale(0.0), RGBColor(68, 1, 84));
        assert_eq!(scale(0.5), RGBColor(33, 145, 140));
        assert_eq!(scale(1.0), RGBColor(253, 231, 37));
        assert_eq!(scale(f64::NAN), scale(0.0));
    }
}
