"""Explorer page (being built: issue 3)."""
import streamlit as st

st.title("Activation explorer")
st.write("Compare activation functions and their derivatives.")
