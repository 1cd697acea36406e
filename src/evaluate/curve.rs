//! Learning curves: does labelling the paragraphs the model is least sure of beat labelling
//! at random? For each seed, the examples are split (stratified) into a held-out test part
//! and a pool; a small labelled start set (one example of every class, the rest at random)
//! grows by `step` labels at a time — the most uncertain pool examples under the current
//! model (highest entropy), or random ones — and after each step a model is trained and its
//! macro-F1 measured on the test part. Curves are averaged over seeds.

use serde::Serialize;

use super::metrics;
use crate::error::{Error, Result};
use crate::ingest::label_files::Example;
use crate::labelling::{uncertainty, Strategy};
use crate::model::fit::encode_labels;
use crate::model::TrainParams;
use crate::progress::{Progress, Silent};
use crate::rng::Rng;

/// The experiment's settings.
#[derive(Debug, Clone)]
pub struct CurveParams {
    /// Labels to start from.
    pub start: usize,
    /// Labels added per step.
    pub step: usize,
    /// Repetitions (seeds 0, 1, …).
    pub seeds: usize,
    /// Share of each class held out for testing.
    pub test_fraction: f64,
    /// The orders compared.
    pub strategies: Vec<Strategy>,
}

/// Mean and spread of macro-F1 at one number of labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// Labels used for training.
    pub labels: usize,
    /// Mean macro-F1 over seeds.
    pub macro_f1: f64,
    /// Its standard deviation over seeds.
    pub sd: f64,
}

/// One strategy's curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Curve {
    /// `entropy`, `margin` or `random`.
    pub strategy: String,
    /// Points by increasing number of labels.
    pub points: Vec<Point>,
}

fn name(s: Strategy) -> &'static str {
    match s {
        Strategy::Entropy => "entropy",
        Strategy::Margin => "margin",
        Strategy::Random => "random",
    }
}

/// Runs the experiment.
pub fn learning_curve(
    params: &TrainParams,
    examples: &[Example],
    cp: &CurveParams,
) -> Result<Vec<Curve>> {
    learning_curve_with(params, examples, cp, &Silent)
}

/// [`learning_curve`], telling `progress` of each model fitted.
pub fn learning_curve_with(
    params: &TrainParams,
    examples: &[Example],
    cp: &CurveParams,
    progress: &dyn Progress,
) -> Result<Vec<Curve>> {
    let all: Vec<&str> = examples.iter().map(|e| e.label.as_str()).collect();
    let (labels, gold) = encode_labels(&all);
    let k = labels.len();
    if !(0.0..1.0).contains(&cp.test_fraction) || cp.step == 0 || cp.seeds == 0 || cp.start < k {
        return Err(Error::params(format!(
            "learning curve: need 0 <= test fraction < 1, step >= 1, seeds >= 1, start >= {k} (one per class)"
        )));
    }
    // runs[strategy][seed] = macro-F1 at each step.
    let mut runs: Vec<Vec<Vec<(usize, f64)>>> = vec![Vec::new(); cp.strategies.len()];
    for seed in 0..cp.seeds as u64 {
        let mut rng = Rng::new(seed);
        let (mut test, mut pool) = (Vec::new(), Vec::new());
        for c in 0..k {
            let mut idx: Vec<usize> = (0..gold.len()).filter(|&i| gold[i] == c).collect();
            rng.shuffle(&mut idx);
            let n_test =
                ((idx.len() as f64 * cp.test_fraction).round() as usize).clamp(1, idx.len() - 1);
            test.extend_from_slice(&idx[..n_test]);
            pool.extend_from_slice(&idx[n_test..]);
        }
        rng.shuffle(&mut pool);
        // The start set: the first pool example of every class, then the next ones.
        let mut start: Vec<usize> = (0..k)
            .filter_map(|c| pool.iter().copied().find(|&i| gold[i] == c))
            .collect();
        for &i in &pool {
            if start.len() >= cp.start {
                break;
            }
            if !start.contains(&i) {
                start.push(i);
            }
        }
        let rest: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|i| !start.contains(i))
            .collect();
        let test_texts: Vec<&str> = test.iter().map(|&i| examples[i].text.as_str()).collect();
        let test_gold: Vec<usize> = test.iter().map(|&i| gold[i]).collect();
        if seed == 0 {
            let fits = 1 + rest.len().div_ceil(cp.step);
            let total = fits * cp.strategies.len() * cp.seeds;
            progress.start("learning-curve models fitted", total as u64);
        }
        for (si, &strategy) in cp.strategies.iter().enumerate() {
            let mut labelled = start.clone();
            let mut remaining = rest.clone();
            let mut curve = Vec::new();
            loop {
                let texts: Vec<&str> = labelled
                    .iter()
                    .map(|&i| examples[i].text.as_str())
                    .collect();
                let ys: Vec<&str> = labelled
                    .iter()
                    .map(|&i| examples[i].label.as_str())
                    .collect();
                let fitted = params.fit(&texts, &ys)?;
                progress.advance(1);
                let to_full = |p: Vec<f64>| {
                    let mut full = vec![0.0; k];
                    for (l, v) in fitted.labels.iter().zip(p) {
                        full[labels.iter().position(|x| x == l).expect("known label")] = v;
                    }
                    full
                };
                let probs: Vec<Vec<f64>> = fitted
                    .predict_texts(&test_texts)
                    .into_iter()
                    .map(to_full)
                    .collect();
                curve.push((
                    labelled.len(),
                    metrics::report(&labels, &test_gold, &probs).macro_f1,
                ));
                if remaining.is_empty() {
                    break;
                }
                let take = cp.step.min(remaining.len());
                if strategy != Strategy::Random {
                    let pool_texts: Vec<&str> = remaining
                        .iter()
                        .map(|&i| examples[i].text.as_str())
                        .collect();
                    let u: Vec<f64> = fitted
                        .predict_texts(&pool_texts)
                        .iter()
                        .map(|p| uncertainty(p, strategy))
                        .collect();
                    let mut order: Vec<usize> = (0..remaining.len()).collect();
                    order.sort_by(|&a, &b| u[b].total_cmp(&u[a]).then(a.cmp(&b)));
                    let chosen: Vec<usize> = order[..take].iter().map(|&o| remaining[o]).collect();
                    remaining.retain(|i| !chosen.contains(i));
                    labelled.extend(chosen);
                } else {
                    labelled.extend(remaining.drain(..take));
                }
            }
            runs[si].push(curve);
        }
    }
    progress.done();
    Ok(cp
        .strategies
        .iter()
        .zip(runs)
        .map(|(&s, per_seed)| {
            let steps = per_seed.iter().map(Vec::len).min().unwrap_or(0);
            let points = (0..steps)
                .map(|j| {
                    let v: Vec<f64> = per_seed.iter().map(|c| c[j].1).collect();
                    let mean = v.iter().sum::<f64>() / v.len() as f64;
                    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / v.len() as f64;
                    Point {
                        labels: per_seed[0][j].0,
                        macro_f1: mean,
                        sd: var.sqrt(),
                    }
                })
                .collect();
            Curve {
                strategy: name(s).into(),
                points,
            }
        })
        .collect())
}

/// The curves as an SVG line chart (mean macro-F1 with a ±1 sd band per strategy).
pub fn svg(curves: &[Curve], title: &str) -> Result<String> {
    use plotters::prelude::*;
    let err = |e: &dyn std::fmt::Display| Error::params(format!("drawing the chart failed: {e}"));
    let max_x = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| p.labels))
        .max()
        .unwrap_or(1) as f64;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (720, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(14)
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d(0.0..max_x * 1.02, 0.0..1.0)
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .x_desc("labelled paragraphs")
            .y_desc("macro-F1 on held-out paragraphs")
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(230, 230, 230))
            .draw()
            .map_err(|e| err(&e))?;
        let colours = [
            RGBColor(198, 40, 40),
            RGBColor(21, 101, 192),
            RGBColor(46, 125, 50),
        ];
        for (c, colour) in curves.iter().zip(colours.iter().cycle()) {
            let band: Vec<(f64, f64)> = c
                .points
                .iter()
                .map(|p| (p.labels as f64, (p.macro_f1 + p.sd).min(1.0)))
                .chain(
                    c.points
                        .iter()
                        .rev()
                        .map(|p| (p.labels as f64, (p.macro_f1 - p.sd).max(0.0))),
                )
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(band, colour.mix(0.15))))
                .map_err(|e| err(&e))?;
            let line: Vec<(f64, f64)> = c
                .points
                .iter()
                .map(|p| (p.labels as f64, p.macro_f1))
                .collect();
            let style = colour.stroke_width(2);
            chart
                .draw_series(LineSeries::new(line.clone(), style))
                .map_err(|e| err(&e))?
                .label(c.strategy.clone())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
            chart
                .draw_series(line.into_iter().map(|p| Circle::new(p, 3, colour.filled())))
                .map_err(|e| err(&e))?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE)
            .border_style(RGBColor(200, 200, 200))
            .draw()
            .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(text: String, label: &str) -> Example {
        Example {
            id: None,
            text,
            label: label.into(),
            group: None,
            file: "t".into(),
            line: 1,
            role: Default::default(),
            mirrored: false,
        }
    }

    #[test]
    fn curves_cover_the_pool_in_steps_and_are_reproducible() {
        let mut v = Vec::new();
        for i in 0..20 {
            v.push(ex(format!("good great fine {i}"), "pos"));
            v.push(ex(format!("bad awful poor {i}"), "neg"));
        }
        let cp = CurveParams {
            start: 4,
            step: 6,
            seeds: 3,
            test_fraction: 0.25,
            strategies: vec![Strategy::Entropy, Strategy::Random],
        };
        let c = learning_curve(&TrainParams::default(), &v, &cp).unwrap();
        assert_eq!(c.len(), 2);
        let labels: Vec<usize> = c[0].points.iter().map(|p| p.labels).collect();
        // 40 examples, 10 held out: 30 in the pool; 4, 10, 16, 22, 28, 30.
        assert_eq!(labels, [4, 10, 16, 22, 28, 30]);
        assert_eq!(c[1].points.last().unwrap().labels, 30);
        // With every pool example labelled both orders train on the same set.
        assert_eq!(
            c[0].points.last().unwrap().macro_f1,
            c[1].points.last().unwrap().macro_f1
        );
        assert_eq!(c, learning_curve(&TrainParams::default(), &v, &cp).unwrap());
        assert!(c[0]
            .points
            .iter()
            .all(|p| (0.0..=1.0).contains(&p.macro_f1)));
    }

    #[test]
    fn start_must_hold_every_class() {
        let v = vec![
            ex("a".into(), "x"),
            ex("b".into(), "y"),
            ex("c".into(), "z"),
            ex("d".into(), "x"),
        ];
        let cp = CurveParams {
            start: 2,
            step: 1,
            seeds: 1,
            test_fraction: 0.2,
            strategies: vec![Strategy::Random],
        };
        assert!(learning_curve(&TrainParams::default(), &v, &cp).is_err());
    }
}
