"""Baseline for the app benchmark: a bare Streamlit page holding one plotly figure."""

import plotly.express as px
import streamlit as st

st.title("Référence")
st.plotly_chart(px.bar(x=["a", "b", "c"], y=[1, 3, 2]))
