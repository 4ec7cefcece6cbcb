Attribute VB_Name = "thidua_macos"
' thidua_xl buttons for Excel on macOS, where xlwings cannot import Python functions as Subs.
' Import once: Visual Basic Editor > File > Import File; also tick the xlwings reference.
' On Windows use the xlwings ribbon > Import Functions instead (not both: the names would clash).
Option Explicit

Sub kiem_tra_ho_so()
    RunPython "import thidua_xl.excel as m; m.kiem_tra_ho_so()"
End Sub

Sub tong_hop()
    RunPython "import thidua_xl.excel as m; m.tong_hop()"
End Sub

Sub kiem_tra_chi_tieu()
    RunPython "import thidua_xl.excel as m; m.kiem_tra_chi_tieu()"
End Sub

Sub lap_danh_sach()
    RunPython "import thidua_xl.excel as m; m.lap_danh_sach()"
End Sub

Sub ghi_nhan_hoi_dong()
    RunPython "import thidua_xl.excel as m; m.ghi_nhan_hoi_dong()"
End Sub

Sub in_giay_khen()
    RunPython "import thidua_xl.excel as m; m.in_giay_khen()"
End Sub

Sub xoa_danh_dau()
    RunPython "import thidua_xl.excel as m; m.xoa_danh_dau()"
End Sub

Sub kiem_tra()
    RunPython "import thidua_xl.excel as m; m.kiem_tra()"
End Sub
