"""Overseas insets: a point of an overseas département is drawn where its shape is drawn."""

from __future__ import annotations

import base64
import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from app_lib import geo
from etl import geography


@pytest.fixture(scope="module")
def shapes() -> gpd.GeoDataFrame:
    return geography.load_shapes()


def test_the_centre_of_an_overseas_departement_goes_to_the_centre_of_its_box():
    # a made-up "Guadeloupe", 0.5° wide and 1° tall (taller than wide on screen too): centred in its box
    square = gpd.GeoDataFrame({"code": ["971"]}, geometry=[box(-61.75, 15.5, -61.25, 16.5)], crs=4326)
    west, south = geo.INSETS["971"]
    lon, lat = geo.inset_point(-61.5, 16.0, "971", square)
    assert lon == pytest.approx(west + geo.BOX_W / 2)
    assert lat == pytest.approx(south + geo.BOX_H / 2)
    # its southern edge: the shape fills 90 % of the box's height (the margin), centred
    _, lat0 = geo.inset_point(-61.75, 15.5, "971", square)
    assert lat0 == pytest.approx(south + 0.05 * geo.BOX_H)


def test_a_metropolitan_point_is_left_where_it_is(shapes):
    assert geo.inset_point(1.4888, 48.4469, "28", shapes) == (1.4888, 48.4469)  # Chartres


@pytest.mark.parametrize("code, city, lon, lat", [
    ("971", "Pointe-à-Pitre", -61.5331, 16.2411),
    ("972", "Fort-de-France", -61.0588, 14.6161),
    ("973", "Cayenne", -52.3260, 4.9372),
    ("974", "Saint-Denis", 55.4486, -20.8790),
    ("976", "Mamoudzou", 45.2279, -12.7806),
])
def test_an_overseas_city_lands_inside_its_departement_as_drawn_in_the_inset(shapes, code, city, lon, lat):
    drawn = geo.inset_frame(shapes).set_index("code").geometry[code]
    assert shapes.set_index("code").geometry[code].contains(Point(lon, lat)), f"{city} is not in {code}"
    x, y = geo.inset_point(lon, lat, code, shapes)
    assert drawn.buffer(0.02).contains(Point(x, y)), (city, x, y, drawn.bounds)
    west, south = geo.INSETS[code]
    assert west < x < west + geo.BOX_W and south < y < south + geo.BOX_H


def test_inset_points_moves_the_overseas_faculty_cities_only(shapes):
    cities = pd.DataFrame({
        "subdivision": ["Antilles-Guyane", "La Réunion", "Tours", "Lyon"],
        "insee_commune": ["97120", "97411", "37261", "69123"],
        "lon": [-61.5331, 55.4486, 0.6892, 4.8354],
        "lat": [16.2411, -20.8790, 47.3912, 45.7677],
    })
    moved = geo.inset_points(cities, shapes)
    assert moved.loc[2:, ["lon", "lat"]].values.tolist() == cities.loc[2:, ["lon", "lat"]].values.tolist()
    for i, code in ((0, "971"), (1, "974")):
        west, south = geo.INSETS[code]
        assert west < moved.loc[i, "lon"] < west + geo.BOX_W and south < moved.loc[i, "lat"] < south + geo.BOX_H
    assert cities.loc[0, "lon"] == -61.5331  # the input is not changed


def test_commune_codes_give_their_departement():
    assert [geo.commune_departement(c) for c in ("97120", "97411", "97611", "28085", "2A004", "01053")] == \
        ["971", "974", "976", "28", "2A", "01"]


def _numbers(value) -> np.ndarray:
    """A plotly JSON array, plain or typed ({"dtype", "bdata"} as plotly 6+ writes numpy arrays)."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return np.asarray(value, dtype=float)


def test_the_capacites_map_draws_the_overseas_bubbles_in_their_insets(app_data):
    from streamlit.testing.v1 import AppTest

    from app_lib import data

    at = AppTest.from_file(str(data.ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/capacites.py").run()
    assert not at.exception, [e.value for e in at.exception]
    bubbles = [t for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]
               if t.get("type") == "scattergeo" and str(t.get("name", "")).startswith("Capacité")]
    assert len(bubbles) == 1
    trace = bubbles[0]
    names = [re.search(r"<b>(.*?)</b>", h).group(1).replace("<br>", " ") for h in trace["hovertext"]]
    where = {n: (x, y) for n, x, y in zip(names, _numbers(trace["lon"]), _numbers(trace["lat"]))}
    for subdivision, code in (("Antilles-Guyane", "971"), ("La Réunion", "974")):
        x, y = where[subdivision]
        west, south = geo.INSETS[code]
        assert west < x < west + geo.BOX_W and south < y < south + geo.BOX_H, (subdivision, x, y)
    assert where["Tours"] == pytest.approx((0.6892, 47.3912))  # metropolitan cities stay where they are
