#include "host/jobs/plan_report.hpp"

#include <fmt/format.h>

#include "host/core/text.hpp"
#include "io/csv_writer.hpp"

namespace hg {

namespace {

std::string percent(double part, double whole) { return fmt::format("{:.2f} %", 100.0 * part / whole); }

// The covered demand after the fixed sites and the first k chosen ones,
// k = 0 .. chosen: the curve of coverage against the number of sites.
std::vector<double> cumulative(const MaxCoverResult& r) {
  std::vector<double> covered{r.fixed_demand};
  for (const double g : r.gain) covered.push_back(covered.back() + g);
  return covered;
}

// The proven statement about the plan's quality, in words.
std::string bound_line(const PlanReport& p) {
  const MaxCoverResult& r = p.result;
  if (p.evaluation)
    return fmt::format("the {} sites given cover {} within {} h; \"if removed\" is the demand no other site covers\n",
                       r.chosen.size(), percent(r.covered_demand, r.total_demand), p.hours);
  if (p.result.target_demand > 0) {
    if (!r.target_reached)
      return fmt::format(
          "target not reachable: the fixed sites and every candidate together cover {} of the demand within {} h, "
          "less than the {} asked; the plan above is the best found and reaches {}\n",
          percent(r.reachable_demand, r.total_demand), p.hours, percent(r.target_demand, r.total_demand),
          percent(r.covered_demand, r.total_demand));
    return fmt::format("target {} within {} h reached with {} new sites; proven: no plan with fewer than {} reaches it\n",
                       percent(r.target_demand, r.total_demand), p.hours, r.chosen.size(), r.lower_bound_sites);
  }
  const double gap = r.upper_bound > 0 ? (r.upper_bound - r.covered_demand) / r.upper_bound : 0;
  return fmt::format(
      "bound: no plan of {} new sites{} covers more than {} within {} h; this plan is within {:.3f} % of the best "
      "possible\n",
      p.sites, p.max_per_country ? fmt::format(" (at most {} a country)", p.max_per_country) : "",
      percent(r.upper_bound, r.total_demand), p.hours, 100 * gap);
}

}  // namespace

std::string plan_table(const PlanReport& p, const Network& net) {
  const MaxCoverResult& r = p.result;
  std::string out = fmt::format("{} within {} h: {} {}, {} fixed sites, {} destinations, total demand {:.6g}\n",
                                p.evaluation ? "evaluation" : "plan", p.hours, p.candidates.size(),
                                p.evaluation ? "sites" : "candidates", p.fixed.size(), p.coverage.destination_count,
                                r.total_demand);
  out += fmt::format(
      "  coverage sets by {} in {:.2f} s; plan in {:.2f} s ({} gains evaluated, {} swaps, {} ties broken by time "
      "over {} rows)\n",
      p.method, p.sets_seconds, p.plan_seconds, r.evaluations, r.swaps, p.ties, p.tie_rows);
  out += fmt::format("  {:>4}  {:<14} {:<24} {:<7} {:>14}  {:>9}  {:>14}\n", "#", "site", "name", "country",
                     "adds demand", fmt::format("≤ {} h", p.hours), "if removed");
  const std::vector<double> covered = cumulative(r);
  if (!p.fixed.empty())
    out += fmt::format("  {:>4}  {:<14} {:<24} {:<7} {:>14.6g}  {:>9}\n", "-", "fixed", fmt::format("{} sites", p.fixed.size()),
                       "", r.fixed_demand, percent(covered[0], r.total_demand));
  for (std::size_t i = 0; i < r.chosen.size(); ++i) {
    const NodeId node = p.candidates[r.chosen[i]];
    const std::string name = fit_column(net.nodes.name[node], 24);
    out += fmt::format("  {:>4}  {:<14} {:<24} {:<7} {:>14.6g}  {:>9}  {:>14.6g}\n", i + 1, net.nodes.code[node], name,
                       net.nodes.country[node], r.gain[i], percent(covered[i + 1], r.total_demand), r.loss[i]);
  }
  if (r.exhausted)
    out += fmt::format("  no other candidate adds demand within {} h{}: the plan stops at {} new sites\n", p.hours,
                       p.max_per_country ? " under the per-country limit" : "", r.chosen.size());
  out += "  coverage of the plan:";
  for (std::size_t h = 0; h < p.coverage.hours.size(); ++h)
    out += fmt::format("{} {} h {}", h == 0 ? "" : ",", p.coverage.hours[h],
                       percent(p.coverage.covered_demand[h], p.coverage.total_demand));
  out += "\n  " + bound_line(p);
  return out;
}

nlohmann::json plan_to_json(const PlanReport& p, const Network& net) {
  const MaxCoverResult& r = p.result;
  const auto site = [&](NodeId node) {
    return nlohmann::json{{"code", net.nodes.code[node]}, {"name", net.nodes.name[node]},
                          {"country", net.nodes.country[node]}, {"lat", net.nodes.lat[node]},
                          {"lon", net.nodes.lon[node]}};
  };
  const std::vector<double> covered = cumulative(r);
  nlohmann::json chosen = nlohmann::json::array(), curve = nlohmann::json::array(), fixed = nlohmann::json::array();
  for (const NodeId node : p.fixed) fixed.push_back(site(node));
  curve.push_back({{"sites", 0}, {"covered_demand", covered[0]}, {"covered_share", covered[0] / r.total_demand}});
  for (std::size_t i = 0; i < r.chosen.size(); ++i) {
    nlohmann::json s = site(p.candidates[r.chosen[i]]);
    s["order"] = i + 1;
    s["added_demand"] = r.gain[i];
    s["covered_demand"] = covered[i + 1];
    s["covered_share"] = covered[i + 1] / r.total_demand;
    s["removal_loss_demand"] = r.loss[i];
    s["removal_loss_share"] = r.loss[i] / r.total_demand;
    chosen.push_back(s);
    curve.push_back({{"sites", i + 1}, {"covered_demand", covered[i + 1]}, {"covered_share", covered[i + 1] / r.total_demand}});
  }
  // Whole hours stay integers, as the reported thresholds are.
  const nlohmann::json hours = p.hours == static_cast<double>(static_cast<std::uint32_t>(p.hours))
                                   ? nlohmann::json(static_cast<std::uint32_t>(p.hours))
                                   : nlohmann::json(p.hours);
  nlohmann::json json{{"hours", hours},
                      {"objective", p.evaluation ? "evaluate" : r.target_demand > 0 ? "target_share" : "sites"},
                      {"max_per_country", p.max_per_country},
                      {"candidate_count", p.candidates.size()},
                      {"fixed", fixed},
                      {"chosen", chosen},
                      {"curve", curve},
                      {"total_demand", r.total_demand},
                      {"fixed_demand", r.fixed_demand},
                      {"covered_demand", r.covered_demand},
                      {"covered_share", r.covered_demand / r.total_demand},
                      {"reachable_demand", r.reachable_demand},
                      {"reachable_share", r.reachable_demand / r.total_demand},
                      {"exhausted", r.exhausted},
                      {"swaps", r.swaps},
                      {"restarts", r.restarts},
                      {"evaluations", r.evaluations},
                      {"ties", p.ties},
                      {"tie_rows", p.tie_rows},
                      {"method", p.method},
                      {"seconds", {{"coverage_sets", p.sets_seconds}, {"plan", p.plan_seconds}}},
                      {"coverage", coverage_to_json(p.coverage, net)}};
  if (p.evaluation) {
    // the given sites: nothing chosen, nothing bounded
  } else if (r.target_demand > 0) {
    json["target_demand"] = r.target_demand;
    json["target_share"] = r.target_demand / r.total_demand;
    json["target_reached"] = r.target_reached;
    json["lower_bound_sites"] = r.lower_bound_sites;
    json["lagrangian_iterations"] = r.bound_iterations;
  } else {
    json["upper_bound"] = {{"demand", r.upper_bound},
                           {"share", r.upper_bound / r.total_demand},
                           {"gap", r.upper_bound > 0 ? (r.upper_bound - r.covered_demand) / r.upper_bound : 0.0},
                           {"submodular_demand", r.submodular_bound},
                           {"lagrangian_iterations", r.bound_iterations}};
  }
  return json;
}

std::string plan_csv(const PlanReport& p, const Network& net) {
  const MaxCoverResult& r = p.result;
  const std::vector<double> covered = cumulative(r);
  std::string out = "order,site,name,country,lat,lon,added_demand,covered_demand,covered_share,removal_loss_demand\n";
  for (std::size_t i = 0; i < r.chosen.size(); ++i) {
    const NodeId node = p.candidates[r.chosen[i]];
    out += fmt::format("{},", i + 1);
    io::append_csv_field(out, net.nodes.code[node]);
    out += ',';
    io::append_csv_field(out, net.nodes.name[node]);
    out += fmt::format(",{},{},{},{},{},{},{}\n", net.nodes.country[node], net.nodes.lat[node], net.nodes.lon[node],
                       r.gain[i], covered[i + 1], covered[i + 1] / r.total_demand, r.loss[i]);
  }
  return out;
}

}  // namespace hg
