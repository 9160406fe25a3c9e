"""Route to market (市场分销模式): direct, distributor and wholesaler routes on a margin stack.

Kit interpretation: every layer's margin is a share of its own selling price, read from the
consumer down. From a consumer price P the retailer buys at P × (1 − retailer margin), the
wholesaler (if any) buys at that × (1 − wholesaler margin), the distributor (if any) buys
at that × (1 − distributor margin): that last price is the brand's net price. The brand
then pays its own cost to serve the route (sales force, logistics, credit), a share of its
net price, which is largest when it serves retailers itself. The layers of a stack add up
to the consumer price exactly. The default margins are illustrative, not market data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kit import i18n

t = i18n.catalogue(
    "jbp.rtm",
    {
        "route.direct": {"zh": "直营（品牌 → 零售商）", "en": "direct (brand → retailer)"},
        "route.distributor": {"zh": "经销商（品牌 → 经销商 → 零售商）",
                              "en": "distributor (brand → distributor → retailer)"},
        "route.wholesaler": {"zh": "批发（品牌 → 经销商 → 批发商 → 零售商）",
                             "en": "wholesaler (brand → distributor → wholesaler → retailer)"},
        "layer.retailer": {"zh": "零售商毛利", "en": "retailer margin"},
        "layer.wholesaler": {"zh": "批发商毛利", "en": "wholesaler margin"},
        "layer.distributor": {"zh": "经销商毛利", "en": "distributor margin"},
        "layer.cost_to_serve": {"zh": "品牌服务成本", "en": "brand cost to serve"},
        "layer.brand_net": {"zh": "品牌净得", "en": "brand net"},
        "layer.consumer_price": {"zh": "消费者价格", "en": "consumer price"},
    },
)

LAYERS = ("retailer", "wholesaler", "distributor", "cost_to_serve", "brand_net")


@dataclass(frozen=True)
class Route:
    """One route: each layer's margin on its selling price (0 = the layer is not there)."""

    key: str
    retailer: float
    wholesaler: float = 0.0
    distributor: float = 0.0
    cost_to_serve: float = 0.0  # the brand's own cost, as a share of its net price

    @property
    def label(self) -> str:
        return t(f"route.{self.key}") if self.key in ROUTE_KEYS else self.key


ROUTE_KEYS = ("direct", "distributor", "wholesaler")
ROUTES: tuple[Route, ...] = (
    Route("direct", retailer=0.25, cost_to_serve=0.15),
    Route("distributor", retailer=0.25, distributor=0.10, cost_to_serve=0.05),
    Route("wholesaler", retailer=0.20, wholesaler=0.08, distributor=0.08, cost_to_serve=0.03),
)


def margin_stack(consumer_price: float, routes: tuple[Route, ...] = ROUTES) -> pd.DataFrame:
    """Money per unit taken by each layer of each route (rows: route keys; columns: LAYERS,
    adding up to ``consumer_price``; plus ``brand_price``, what the brand invoices)."""
    rows = {}
    for r in routes:
        retailer_buys = consumer_price * (1 - r.retailer)
        wholesaler_buys = retailer_buys * (1 - r.wholesaler)
        brand_price = wholesaler_buys * (1 - r.distributor)
        serve = brand_price * r.cost_to_serve
        rows[r.key] = {
            "retailer": consumer_price - retailer_buys,
            "wholesaler": retailer_buys - wholesaler_buys,
            "distributor": wholesaler_buys - brand_price,
            "cost_to_serve": serve,
            "brand_net": brand_price - serve,
            "brand_price": brand_price,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def stack_shares(stack: pd.DataFrame) -> pd.DataFrame:
    """The stack as shares of the consumer price (each row of LAYERS sums to 1)."""
    layers = stack[list(LAYERS)]
    return layers.div(layers.sum(axis=1), axis=0)


def layer_label(key: str) -> str:
    return t(f"layer.{key}")


__all__ = ["LAYERS", "ROUTES", "ROUTE_KEYS", "Route", "layer_label", "margin_stack",
           "stack_shares"]
