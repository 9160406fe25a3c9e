"""The generator of the bundled case data (run it through ``datasets/generate.py``).

The model, in one paragraph: sell-out is generated bottom-up (outlet x sku x
month) from an outlet's size, its listed assortment, the sku's weight, the
category's seasonality (including the Chinese New Year shopping window), a trend
and noise. Sell-in is then derived from sell-out through a stock-cover
replenishment rule per customer, so shipments lead demand, pipeline-fill new
skus and - for one distributor - run ahead of demand (stock stuffing).
Targets are last year's actuals times a plan growth; the distributor ledger is
built from the same rows, so every total reconciles.

Modules, in the order they build on each other:

* ``model``       seeded streams, calendar, catalogue, prices, demand shapes, sales
                  rows, the replenishment rule (shared by both cases);
* ``plans``       activities and their uplift, targets, customer ledgers;
* ``abc_market``  the ABC case's catalogue, stores, distributors, outlets, sell-out;
* ``abc_case``    the ABC case assembled (``build_abc``), its pipeline;
* ``pharma_case`` the pharma case (``build_pharma``);
* ``files``       the committed files, with the columns ``kit.schema`` names;
* ``trainees``    the five trainee files;
* ``bench``       the large benchmark sales.csv.

Only ``files`` (and what imports it) needs the kit; ``story_check.py`` reads the
trainer-only programme list from ``pharma_case`` without it.
"""
