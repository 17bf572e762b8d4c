//! `Do`: form XObjects are replayed in their own coordinate space; images are recorded where they land.

use super::{Interp, MAX_FORM_DEPTH};
use crate::{
    AnalyzeError,
    load::{get, get_dict, resolve},
    text::{
        PaintedImage, decode_stream,
        fonts::number,
        matrix::{IDENTITY, map_box, mul},
    },
};
use lopdf::{Dictionary, Object, ObjectId};

impl<'a> Interp<'a, '_> {
    pub(super) fn draw_xobject(
        &mut self,
        args: &[Object],
        resources: Option<&'a Dictionary>,
    ) -> Result<(), AnalyzeError> {
        let (Some(Object::Name(name)), Some(res)) = (args.first(), resources) else {
            return Ok(());
        };
        let doc = self.doc;
        let Some(xobjects) = get_dict(doc, res, b"XObject")? else {
            return Ok(());
        };
        let Ok(Object::Reference(id)) = xobjects.get(name) else {
            return Ok(());
        };
        if self.forms.len() >= MAX_FORM_DEPTH || self.forms.contains(id) {
            return Ok(());
        }
        let Some(obj) = doc.objects.get(id) else {
            return Ok(());
        };
        let Object::Stream(form) = resolve(doc, obj)? else {
            return Ok(());
        };
        match form.dict.get(b"Subtype") {
            Ok(Object::Name(s)) if s == b"Form" => {}
            Ok(Object::Name(s)) if s == b"Image" => {
                self.paint_image(Some(*id));
                return Ok(());
            }
            _ => return Ok(()),
        }
        let content = decode_stream(form, self.budget)?;
        let matrix = match get(doc, &form.dict, b"Matrix")? {
            Object::Array(m) if m.len() == 6 => {
                let v: Vec<f32> = m.iter().map(|x| number(x).unwrap_or(0.0)).collect();
                [v[0], v[1], v[2], v[3], v[4], v[5]]
            }
            _ => IDENTITY,
        };
        let form_resources = get_dict(doc, &form.dict, b"Resources")?.or(Some(res));
        let saved = (self.gs.clone(), self.tm, self.tlm);
        self.gs.ctm = mul(&matrix, &self.gs.ctm);
        self.forms.push(*id);
        let result = self.run(&content, form_resources);
        self.forms.pop();
        (self.gs, self.tm, self.tlm) = saved;
        result
    }

    /// An image fills the unit square of the current transformation.
    pub(super) fn paint_image(&mut self, xobject: Option<ObjectId>) {
        self.out.images.push(PaintedImage {
            rect: map_box(&self.gs.ctm, 0.0, 0.0, 1.0, 1.0),
            xobject,
        });
    }
}
