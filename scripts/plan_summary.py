#!/usr/bin/env python3
"""The demo's last lines: the rule's sites against the optimised plan, and the
fewest sites for a target, from the JSON of `coverage` and `plan`
(docs/planning.md). Standard library only."""

import argparse
import json


def share_at(report, hours):
    """The covered share at `hours` of a coverage report's thresholds."""
    for t in report["thresholds"]:
        if t["hours"] == hours:
            return t["covered_share"]
    raise SystemExit(f"plan_summary: no {hours} h threshold in the coverage report")


def percent(x):
    return f"{100 * x:6.2f} %"


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rule", required=True, help="coverage JSON of the rule's sites (china-plus-30)")
    p.add_argument("--sites", required=True, help="plan JSON with --sites")
    p.add_argument("--target", required=True, help="plan JSON with --target-share")
    a = p.parse_args()
    with open(a.rule) as f:
        rule = json.load(f)
    with open(a.sites) as f:
        sites = json.load(f)
    with open(a.target) as f:
        target = json.load(f)

    hours = sites["hours"]
    k = len(sites["chosen"])
    print()
    print(f"Which {k} sites, one a country outside China, added to the {len(sites['fixed'])} Chinese warehouses?"
          f" (candidates: {sites['candidates_selection']}, {sites['candidate_count']:,})")
    print(f"  within {hours} h                                     {'covered':>8}")
    print(f"  the rule's sites (best-connected city, china-plus-30)  {percent(share_at(rule, hours))}")
    print(f"  the optimised plan (plan --sites {k})                  {percent(sites['covered_share'])}")
    bound = sites["upper_bound"]
    print(f"  proven: no {k} such candidates reach more than         {percent(bound['share'])}"
          f"   (the plan is within {100 * bound['gap']:.2f} % of the best)")
    print("  the plan's sites: " + ", ".join(f"{s['name']} ({s['country']})" for s in sites["chosen"]))
    print()
    share = target["target_share"]
    if target["target_reached"]:
        n = len(target["chosen"])
        names = ", ".join(f"{s['name']} ({s['country']})" for s in target["chosen"])
        print(f"The fewest sites reaching {percent(share).strip()} within {target['hours']} h: "
              f"{n} new site{'s' if n != 1 else ''} ({names}); proven: no plan with fewer than "
              f"{target['lower_bound_sites']} reaches it.")
    else:
        print(f"No plan reaches {percent(share).strip()} within {target['hours']} h: every candidate together "
              f"covers {percent(target['reachable_share']).strip()}.")


if __name__ == "__main__":
    main()
