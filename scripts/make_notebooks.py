"""Write the analysis notebooks in notebooks/ (outputs stripped; CI executes them).

Each notebook reads the tables from `$FOI_EXTRACT_OUT` (default data/processed, which
`make sample` fills) with both pandas and DuckDB, as analysts do, and draws its charts inline
(`%matplotlib inline`: they show in Jupyter and are kept in the executed notebook).
Usage: python scripts/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

FOLDER = Path(__file__).resolve().parents[1] / "notebooks"

SETUP = """import os
from datetime import date
from pathlib import Path

import duckdb
import matplotlib.pyplot as plt
import pandas as pd

%matplotlib inline

OUT = Path(os.environ.get("FOI_EXTRACT_OUT", "../data/processed"))
council_systems = pd.read_parquet(OUT / "council_systems.parquet")
db = duckdb.connect()
db.execute(f"CREATE VIEW council_systems AS SELECT * FROM '{OUT / 'council_systems.parquet'}'")
db.execute(f"CREATE VIEW exemptions AS SELECT * FROM '{OUT / 'exemptions.parquet'}'")
db.execute(f"CREATE VIEW documents AS SELECT * FROM '{OUT / 'documents.parquet'}'")
FIGURES = []"""

NOTEBOOKS = {
    "market_share.ipynb": [
        new_markdown_cell("# Market share\nCouncils per system and per supplier, by service area."),
        new_code_cell(SETUP),
        new_code_cell(
            "by_system = db.sql('''\n"
            "    SELECT system, coalesce(service_area, 'unknown') AS area,\n"
            "           count(DISTINCT authority_code) AS councils\n"
            "    FROM council_systems GROUP BY ALL ORDER BY councils DESC, system\n"
            "''').df()\n"
            "by_system"
        ),
        new_code_cell(
            "table = by_system.pivot_table(index='system', columns='area', values='councils',\n"
            "                              fill_value=0)\n"
            "axes = table.plot.barh(stacked=True, figsize=(8, 5), title='Councils per system')\n"
            "axes.set_xlabel('councils')\n"
            "FIGURES.append(axes.figure)\n"
            "assert len(axes.patches) > 0"
        ),
        new_code_cell(
            "by_supplier = db.sql('''\n"
            "    SELECT coalesce(supplier, gazetteer_supplier, 'unknown') AS supplier,\n"
            "           coalesce(service_area, 'unknown') AS area,\n"
            "           count(DISTINCT authority_code) AS councils\n"
            "    FROM council_systems GROUP BY ALL\n"
            "''').df().pivot_table(index='supplier', columns='area', values='councils',\n"
            "                      fill_value=0)\n"
            "axes = by_supplier.plot.barh(stacked=True, figsize=(8, 4), title='Councils per supplier and service area')\n"
            "FIGURES.append(axes.figure)\n"
            "by_supplier"
        ),
    ],
    "contract_expiries.ipynb": [
        new_markdown_cell(
            "# Contract expiries\nContracts ending in the next 36 months, by council."
        ),
        new_code_cell(SETUP),
        new_code_cell(
            "today = pd.Timestamp(date.today())\n"
            "ends = council_systems.assign(\n"
            "    end=pd.to_datetime(council_systems.contract_end, format='mixed', errors='coerce'))\n"
            "soon = ends[(ends.end >= today) & (ends.end <= today + pd.DateOffset(months=36))]\n"
            "soon = soon.sort_values('end')\n"
            "soon[['authority_name', 'system', 'service_area', 'contract_end', 'extension_until']]"
        ),
        new_code_cell(
            "figure, axes = plt.subplots(figsize=(9, 0.4 * max(len(soon), 3) + 1))\n"
            "labels = soon.authority_name + ': ' + soon.system\n"
            "axes.scatter(soon.end, labels, color='#3b6ea5')\n"
            "axes.set_title('Contract ends, next 36 months')\n"
            "FIGURES.append(figure)\n"
            "print(len(soon), 'contracts end in the next 36 months')"
        ),
        new_code_cell(
            "db.sql('''\n"
            "    SELECT authority_name, contract_end FROM council_systems\n"
            "    WHERE system = 'Mosaic' AND contract_end_to < DATE '2027-01-01'\n"
            "''').df()"
        ),
    ],
    "hosting_and_exemptions.ipynb": [
        new_markdown_cell(
            "# Hosting and exemptions\nWhere systems run, and what councils withhold."
        ),
        new_code_cell(SETUP),
        new_code_cell(
            "hosting = council_systems.hosting.fillna('not stated').value_counts()\n"
            "axes = hosting.plot.pie(figsize=(5, 5), autopct='%d%%', title='Hosting mix')\n"
            "FIGURES.append(axes.figure)\n"
            "hosting"
        ),
        new_code_cell(
            "cited = db.sql('''\n"
            "    SELECT d.authority_name, e.provision,\n"
            "           CASE WHEN regexp_matches(lower(e.evidence), 'cost|price|commercial')\n"
            "                THEN 'costs and contracts'\n"
            "                WHEN regexp_matches(lower(e.evidence), 'name|personal|officer')\n"
            "                THEN 'staff and personal data'\n"
            "                ELSE 'other' END AS question_type\n"
            "    FROM exemptions e JOIN documents d USING (doc_id) WHERE e.applied\n"
            "''').df()\n"
            "cited"
        ),
        new_code_cell(
            "table = cited.pivot_table(index='provision', columns='question_type',\n"
            "                          values='authority_name', aggfunc='count', fill_value=0)\n"
            "axes = table.plot.barh(stacked=True, figsize=(8, 4), title='Exemptions applied')\n"
            "FIGURES.append(axes.figure)\n"
            "table"
        ),
    ],
}


CHECK = new_code_cell(
    "# Every figure above has data: an empty plot fails the notebook (and CI).\n"
    "assert FIGURES and all(ax.has_data() for figure in FIGURES for ax in figure.axes[:1])"
)


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    for name, cells in NOTEBOOKS.items():
        notebook = new_notebook(cells=[*cells, CHECK])
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        for number, cell in enumerate(notebook.cells):
            cell["id"] = f"cell-{number}"
        nbformat.write(notebook, FOLDER / name)
    print(f"wrote {len(NOTEBOOKS)} notebooks to {FOLDER}")


if __name__ == "__main__":
    main()
